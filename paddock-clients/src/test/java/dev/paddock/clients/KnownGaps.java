package dev.paddock.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The explicit list of kazoo tests that may fail on Paddock ({@code kazoo-known-gaps.txt}), each with a kind and its
 * reason. One entry a line: {@code <test id> | <kind> | <reason>}, where the test id is pytest's without the
 * directory ({@code test_client.py::TestReconfig::test_bad_input}) and the kind is one of {@link Kind}.
 */
record KnownGaps(Map<String, Entry> entries) {
    enum Kind {
        /** ZooKeeper 3.9.3 passes it under the same harness; Paddock lacks what it needs (the issue's list). */
        GAP,
        /** Fails on ZooKeeper 3.9.3 too under this harness (e.g. it needs more than one server): not Paddock's. */
        HARNESS,
        /** Not run (deselected): it would hang until pytest's per-test timeout; the reason says why. */
        NOT_RUN
    }

    record Entry(String testId, Kind kind, String reason) {
    }

    static KnownGaps read(Path file) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\|", 3);
            if (f.length != 3 || f[2].isBlank()) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected '<test id> | <kind> | <reason>'");
            }
            Kind kind = Kind.valueOf(f[1].trim().toUpperCase().replace('-', '_'));
            Entry e = new Entry(f[0].trim(), kind, f[2].trim());
            if (entries.put(e.testId(), e) != null) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.testId() + " is listed twice");
            }
        }
        return new KnownGaps(entries);
    }

    boolean allowsFailure(String testId) {
        return entries.containsKey(testId);
    }

    Set<String> ids(Kind kind) {
        return entries.values().stream().filter(e -> e.kind() == kind).map(Entry::testId)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}

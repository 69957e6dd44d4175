package dev.paddock.faults.check;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Small helpers over the per-server maps of {@link dev.paddock.faults.history.FinalState}. */
final class FinalStates {

    private FinalStates() {
    }

    /** A missing map (a workload that did not run, or an absent final.json) reads as empty. */
    static <K, V> Map<K, V> nz(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    /** Adds one violation per server whose map differs from the lowest-numbered server's. */
    static <V> void agree(String what, Map<Integer, V> perServer, List<String> violations) {
        Integer first = perServer.keySet().stream().min(Integer::compare).orElse(null);
        if (first == null) {
            return;
        }
        V reference = perServer.get(first);
        perServer.keySet().stream().sorted().forEach(server -> {
            if (!Objects.equals(perServer.get(server), reference)) {
                violations.add(String.format("servers disagree on the %s: server %d has %s, server %d has %s", what,
                        first, abbreviate(reference), server, abbreviate(perServer.get(server))));
            }
        });
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}

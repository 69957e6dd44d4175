package dev.paddock.clients;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a client's transcript comparable between two servers: values that differ by nature (session ids, zxids,
 * times, durations) become placeholders. A session id or zxid becomes a name numbered by first appearance
 * ({@code <session-1>}, {@code <zxid-3>}), so a transcript still shows which values were the same and which were
 * different; only the numbers themselves are dropped. Each rule is a regex whose group 1 is the value.
 */
final class Normaliser {
    /** A value rule: group 1 becomes a numbered name of {@code kind}, or {@code constant} when that is set. */
    private record Rule(Pattern pattern, String kind, String constant) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final List<Pattern> dropped = new ArrayList<>();
    private final Map<String, Map<String, String>> names = new LinkedHashMap<>();
    private Pattern sortedBlockLine;

    /**
     * For the programs that print {@code session=0x…}, {@code ephemeralOwner=0x…} and {@code czxid/mzxid/pzxid=0x…}
     * (the C program and the Node.js script).
     */
    static Normaliser sessionsAndZxids() {
        return new Normaliser()
                .name("session=0x([0-9a-f]+)", "session")
                .name("ephemeralOwner=0x([0-9a-f]*[1-9a-f][0-9a-f]*)", "session")
                .name("[cmp]zxid=0x([0-9a-f]+)", "zxid");
    }

    /** Values captured by group 1 of {@code regex} are named {@code <kind-N>}. */
    Normaliser name(String regex, String kind) {
        rules.add(new Rule(Pattern.compile(regex), kind, null));
        return this;
    }

    /** Values captured by group 1 of {@code regex} become {@code <what>} (times, durations: no identity to keep). */
    Normaliser mask(String regex, String what) {
        rules.add(new Rule(Pattern.compile(regex), null, "<" + what + ">"));
        return this;
    }

    /** Lines matching {@code regex} (anywhere) are left out. */
    Normaliser drop(String regex) {
        dropped.add(Pattern.compile(regex));
        return this;
    }

    /**
     * Runs of consecutive lines matching {@code regex} are sorted: for lists whose order ZooKeeper does not promise
     * (a node's children come in hash-set order).
     */
    Normaliser sortRunsOf(String regex) {
        sortedBlockLine = Pattern.compile(regex);
        return this;
    }

    String apply(String transcript) {
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String line : transcript.split("\n", -1)) {
            if (dropped.stream().anyMatch(p -> p.matcher(line).find())) {
                continue;
            }
            String l = line;
            for (Rule r : rules) {
                l = replace(l, r);
            }
            if (sortedBlockLine != null && sortedBlockLine.matcher(l).matches()) {
                run.add(l);
                continue;
            }
            flush(run, out);
            out.add(l);
        }
        flush(run, out);
        return String.join("\n", out);
    }

    private static void flush(List<String> run, List<String> out) {
        Collections.sort(run);
        out.addAll(run);
        run.clear();
    }

    private String replace(String line, Rule r) {
        Matcher m = r.pattern.matcher(line);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            sb.append(line, last, m.start(1)).append(r.constant != null ? r.constant : nameOf(r.kind, m.group(1)));
            last = m.end(1);
        }
        return sb.append(line.substring(last)).toString();
    }

    private String nameOf(String kind, String value) {
        Map<String, String> byValue = names.computeIfAbsent(kind, k -> new LinkedHashMap<>());
        return byValue.computeIfAbsent(value, v -> "<" + kind + "-" + (byValue.size() + 1) + ">");
    }
}

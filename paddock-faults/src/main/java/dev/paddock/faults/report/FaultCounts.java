package dev.paddock.faults.report;

import dev.paddock.faults.nemesis.FaultEvent;
import dev.paddock.faults.nemesis.FaultKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Faults counted by kind, always in one order (the nemesis' own kinds first, in {@link FaultKind} order, then any
 * other label alphabetically), so every table, chart and legend lists the kinds alike.
 */
final class FaultCounts {
    private FaultCounts() {
    }

    /** Count per kind, in the canonical order; kinds that never occurred are left out. */
    static Map<String, Long> byKind(Collection<FaultEvent> faults) {
        Map<String, Long> raw = new TreeMap<>();
        for (FaultEvent f : faults) {
            raw.merge(f.kind(), 1L, Long::sum);
        }
        return ordered(raw);
    }

    /** The same map re-ordered canonically (sums of several runs come through here too). */
    static Map<String, Long> ordered(Map<String, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String kind : order(counts.keySet())) {
            out.put(kind, counts.get(kind));
        }
        return out;
    }

    /** The given kinds in canonical order. */
    static List<String> order(Collection<String> kinds) {
        List<String> out = new ArrayList<>();
        for (FaultKind k : FaultKind.values()) {
            if (kinds.contains(k.label)) {
                out.add(k.label);
            }
        }
        kinds.stream().filter(k -> !out.contains(k)).sorted().forEach(out::add);
        return out;
    }

    /** "kill 3, partition 2", or "none". */
    static String compact(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((k, n) -> parts.add(k + " " + n));
        return String.join(", ", parts);
    }
}

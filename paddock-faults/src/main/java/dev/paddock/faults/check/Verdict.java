package dev.paddock.faults.check;

import java.util.List;

/**
 * One checker's answer for one run.
 *
 * @param checker    its name (linearizable-registers, reads, set, ephemerals, watches, convergence, logs)
 * @param ok         no violation found
 * @param checked    how many operations (or items) it looked at
 * @param violations one line each, enough to find the operations in the history (ids, keys, times)
 */
public record Verdict(String checker, boolean ok, long checked, List<String> violations) {

    public static Verdict pass(String checker, long checked) {
        return new Verdict(checker, true, checked, List.of());
    }

    public static Verdict of(String checker, long checked, List<String> violations) {
        return new Verdict(checker, violations.isEmpty(), checked, List.copyOf(violations));
    }
}

package dev.paddock.bench.overload;

import dev.paddock.bench.ServerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The overload scenario of bin/paddock-bench: every attack of the plan against every server kind, each run on a
 * fresh server (an attack that wrecks a server must not spoil the next one), the kinds alternating from one attack
 * to the next.
 */
public final class OverloadScenario {
    private OverloadScenario() {
    }

    /**
     * Runs all attacks; a run that throws is reported to {@code failed} (what, exception) and the others go on.
     */
    public static List<OverloadResult> run(List<ServerKind> kinds, String classpath, List<String> jvmFlags,
                                           OverloadPlan plan, BiConsumer<String, Exception> failed) {
        List<OverloadResult> out = new ArrayList<>();
        int turn = 0;
        for (String attack : OverloadPlan.ATTACKS) {
            List<ServerKind> order = new ArrayList<>(kinds);
            if (turn++ % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (ServerKind k : order) {
                try {
                    out.add(OverloadRun.run(k, classpath, jvmFlags, plan, attack));
                } catch (Exception e) {
                    failed.accept("overload " + attack + " " + k.label(), e);
                }
            }
        }
        return out;
    }
}

package dev.paddock.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.SetOp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetCheckerTest {

    private final SetChecker checker = new SetChecker();

    private static SetOp ok(long id, long value, String created) {
        return new SetOp(id, 0, 1, value, id * 10, id * 10 + 5, Outcome.OK, created, null);
    }

    private static SetOp unknown(long id, long value) {
        return new SetOp(id, 0, 1, value, id * 10, SetOpNever.NEVER, Outcome.UNKNOWN, null, "ConnectionLoss");
    }

    private static SetOp failed(long id, long value) {
        return new SetOp(id, 0, 1, value, id * 10, id * 10 + 5, Outcome.FAIL, null, "NoNode");
    }

    private static FinalState onServers(Map<String, Long> s1, Map<String, Long> s2) {
        return new FinalState(Map.of(), Map.of(1, s1, 2, s2), Map.of(), Map.of(), Map.of(), List.of());
    }

    private static final List<SetOp> OPS = List.of(ok(1, 100, "/set/item-0000000000"),
            ok(2, 101, "/set/item-0000000001"), unknown(3, 102), failed(4, 103));

    @Test
    void everyAcknowledgedItemEverywhereWithUnknownOnesOptionalPasses() {
        Map<String, Long> items = Map.of("item-0000000000", 100L, "item-0000000001", 101L, "item-0000000002", 102L);
        Verdict v = checker.check(OPS, onServers(items, items));
        assertThat(v.ok()).as("%s", v.violations()).isTrue();
        assertThat(v.checked()).isEqualTo(4);
    }

    @Test
    void lostAcknowledgedCreateFails() {
        Map<String, Long> full = Map.of("item-0000000000", 100L, "item-0000000001", 101L);
        Map<String, Long> lost = Map.of("item-0000000000", 100L);
        Verdict v = checker.check(OPS, onServers(full, lost));
        assertThat(v.violations()).anyMatch(l -> l.contains("server 2 lost acknowledged create #2"))
                .anyMatch(l -> l.contains("disagree"));
    }

    @Test
    void duplicatedValueFails() {
        Map<String, Long> items = Map.of("item-0000000000", 100L, "item-0000000001", 101L, "item-0000000002", 101L);
        Verdict v = checker.check(OPS, onServers(items, items));
        assertThat(v.violations()).hasSize(2).allMatch(l -> l.contains("appears twice"));
    }

    @Test
    void valueOfAFailedOrUnknownCreateIsJudgedByItsOutcome() {
        Map<String, Long> items = Map.of("item-0000000000", 100L, "item-0000000001", 101L, "item-0000000002", 103L,
                "item-0000000003", 555L);
        Verdict v = checker.check(OPS, onServers(items, items));
        assertThat(v.violations()).hasSize(4).anyMatch(l -> l.contains("value 103") && l.contains("failed"))
                .anyMatch(l -> l.contains("value 555"));
    }

    @Test
    void noFinalStateWithAcknowledgedCreatesFails() {
        assertThat(checker.check(OPS, null).ok()).isFalse();
        assertThat(checker.check(List.of(), null).ok()).isTrue();
    }

    /** Keeps the test's unknown creates readable. */
    private static final class SetOpNever {
        static final long NEVER = Long.MAX_VALUE;
    }
}

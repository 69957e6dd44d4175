package dev.paddock.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.RecordedHistory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChecksTest {

    private static FinalState digests(Map<Integer, String> digests, List<String> unreachable) {
        return new FinalState(digests, Map.of(), Map.of(), Map.of(), Map.of(), unreachable);
    }

    @Test
    void everyCheckerReportsOnceInOrder() {
        RecordedHistory h = new RecordedHistory(List.of(Ops.write(1, 7, 0, 10, 1), Ops.syncRead(2, 20, 30, 7, 1)),
                List.of(), List.of(), List.of(), digests(Map.of(1, "ab", 2, "ab", 3, "ab"), List.of()));
        List<Verdict> verdicts = Checks.checkAll(h);
        assertThat(verdicts).extracting(Verdict::checker).containsExactly("linearizable-registers", "reads", "set",
                "ephemerals", "watches", "convergence");
        assertThat(verdicts).allMatch(Verdict::ok);
    }

    @Test
    void convergenceNeedsEqualDigestsFromEveryServer() {
        ConvergenceChecker c = new ConvergenceChecker();
        assertThat(c.check(digests(Map.of(1, "ab", 2, "ac"), List.of())).violations()).singleElement().asString()
                .contains("disagree");
        assertThat(c.check(digests(Map.of(1, "ab"), List.of("3"))).violations()).singleElement().asString()
                .contains("server 3");
        assertThat(c.check(null).ok()).isFalse();
    }
}

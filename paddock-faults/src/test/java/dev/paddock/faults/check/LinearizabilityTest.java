package dev.paddock.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RegisterOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearizabilityTest {

    /** A counter whose ops are "+n" (increment, returns nothing) or "=n" (read returning n). */
    private static final Model<Integer, String> COUNTER = new Model<>() {
        @Override
        public Integer init() {
            return 0;
        }

        @Override
        public Optional<Integer> step(Integer s, String op) {
            int n = Integer.parseInt(op.substring(1));
            if (op.charAt(0) == '+') {
                return Optional.of(s + n);
            }
            return s == n ? Optional.of(s) : Optional.empty();
        }
    };

    @Test
    void genericModelFindsAnInterleaving() {
        // +1 and +2 overlap; the read of 1 in between is only possible with +1 first
        List<TimedOp<String>> h = List.of(new TimedOp<>("+1", 0, 10), new TimedOp<>("+2", 0, 10),
                new TimedOp<>("=1", 1, 9), new TimedOp<>("=3", 11, 12));
        assertThat(Linearizability.check(COUNTER, h, 1000).status()).isEqualTo(LinearizabilityResult.Status.OK);
    }

    @Test
    void violationNamesTheBlockedOpThePrefixAndTheWindow() {
        List<TimedOp<String>> h = List.of(new TimedOp<>("+1", 0, 1), new TimedOp<>("=1", 2, 3),
                new TimedOp<>("+5", 4, 8), new TimedOp<>("=2", 5, 6));
        LinearizabilityResult<String> r = Linearizability.check(COUNTER, h, 1000);
        assertThat(r.status()).isEqualTo(LinearizabilityResult.Status.VIOLATION);
        assertThat(r.blocked()).isEqualTo("=2");
        assertThat(r.longestPrefix()).containsExactly("+1", "=1", "+5");
        assertThat(r.window()).containsExactly("+5", "=2");
    }

    @Test
    void droppedUnknownOpsNeedNoReturn() {
        List<TimedOp<String>> h = List.of(new TimedOp<>("+1", 0, TimedOp.NEVER), new TimedOp<>("=0", 5, 6),
                new TimedOp<>("+4", 7, TimedOp.NEVER), new TimedOp<>("=1", 8, 9));
        assertThat(Linearizability.check(COUNTER, h, 1000).ok()).isTrue();
    }

    @Test
    void randomAtomicRegisterHistoriesPassAndACorruptedReadFails() {
        Random rnd = new Random(42);
        RegisterChecker checker = new RegisterChecker();
        for (int round = 0; round < 40; round++) {
            List<RegisterOp> ops = AtomicRegisterSim.generate(round, 2 + round % 4, 60, 1 + round % 3, 0.05);
            Verdict good = checker.check(ops);
            assertThat(good.ok()).as("round %d: %s", round, good.violations()).isTrue();

            List<RegisterOp> bad = new ArrayList<>(ops);
            List<Integer> reads = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i).kind() == RegisterOp.Kind.SYNC_READ && ops.get(i).outcome() == Outcome.OK) {
                    reads.add(i);
                }
            }
            int victim = reads.get(rnd.nextInt(reads.size()));
            bad.set(victim, corrupt(ops.get(victim), ops, rnd));
            Verdict caught = checker.check(bad);
            assertThat(caught.ok()).as("round %d: corrupted #%d went unnoticed", round, ops.get(victim).id())
                    .isFalse();
            assertThat(caught.violations()).singleElement().asString().contains(ops.get(victim).key());
        }
    }

    /**
     * Makes the read return something impossible: a value never written, one written only after the read, or a
     * stale one (an older write's value and version, below a write that completed before the read began).
     */
    private static RegisterOp corrupt(RegisterOp read, List<RegisterOp> ops, Random rnd) {
        long value = 1_000_000_007L;
        int version = read.version() + 1;
        int mode = rnd.nextInt(3);
        RegisterOp latestDone = null;
        for (RegisterOp o : ops) {
            if (!o.key().equals(read.key()) || o.kind() == RegisterOp.Kind.SYNC_READ) {
                continue;
            }
            if (mode == 1 && o.invokedAt() > read.completedAt()) {
                value = o.arg();
                version = o.outcome() == Outcome.OK ? o.version() : version;
                break;
            }
            if (o.outcome() == Outcome.OK && o.completedAt() < read.invokedAt()
                    && (latestDone == null || o.version() > latestDone.version())) {
                latestDone = o;
            }
        }
        RegisterOp older = mode == 2 && latestDone != null ? olderWrite(ops, latestDone) : null;
        if (older != null) {
            value = older.arg();
            version = older.version();
        }
        return new RegisterOp(read.id(), read.worker(), read.session(), read.kind(), read.key(), 0, -1,
                read.invokedAt(), read.completedAt(), Outcome.OK, value, version, -1, -1, null);
    }

    /** The OK write on {@code w}'s key that produced the version just below {@code w}'s, if any. */
    private static RegisterOp olderWrite(List<RegisterOp> ops, RegisterOp w) {
        for (RegisterOp o : ops) {
            if (o.key().equals(w.key()) && o.kind() != RegisterOp.Kind.SYNC_READ && o.outcome() == Outcome.OK
                    && o.version() == w.version() - 1) {
                return o;
            }
        }
        return null;
    }

    @Test
    void aLongConcurrentHistoryWithUnknownWritesIsDecidedWithinASmallBudget() {
        // 1200 operations on one key, 6 clients all overlapping, 2% unknown writes: the symmetry between unseen
        // unknown writes and the memo keep this to a few thousand configurations
        List<RegisterOp> ops = AtomicRegisterSim.generate(7, 6, 200, 1, 0.02);
        Verdict v = new RegisterChecker(20_000).check(ops);
        assertThat(v.ok()).as("%s", v.violations()).isTrue();
    }
}

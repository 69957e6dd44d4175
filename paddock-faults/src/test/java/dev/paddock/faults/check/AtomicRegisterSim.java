package dev.paddock.faults.check;

import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RegisterOp;
import dev.paddock.faults.history.RegisterOp.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates register histories that are linearizable by construction: each worker runs one operation at a time
 * with a random interval, each operation takes effect at a random instant inside it on a truly atomic register,
 * and its reply is what the register said then. Some writes end UNKNOWN, and of those only some take effect.
 */
final class AtomicRegisterSim {

    private record Planned(int worker, Kind kind, String key, long arg, int expected, long inv, long at, long comp,
                           boolean unknown, boolean applies) {
    }

    private AtomicRegisterSim() {
    }

    static List<RegisterOp> generate(long seed, int workers, int opsPerWorker, int keys, double unknownRate) {
        Random rnd = new Random(seed);
        List<Planned> planned = new ArrayList<>();
        long nextValue = 1;
        for (int w = 0; w < workers; w++) {
            long t = rnd.nextInt(10);
            for (int i = 0; i < opsPerWorker; i++) {
                long inv = t + rnd.nextInt(5);
                long comp = inv + 1 + rnd.nextInt(30);
                long at = inv + (long) (rnd.nextDouble() * (comp - inv));
                Kind kind = Kind.values()[1 + rnd.nextInt(3)];
                boolean unknown = kind != Kind.SYNC_READ && rnd.nextDouble() < unknownRate;
                int expected = kind == Kind.CAS ? rnd.nextInt(opsPerWorker / 2 + 1) : -1;
                planned.add(new Planned(w, kind, "/k" + rnd.nextInt(keys), kind == Kind.SYNC_READ ? 0 : nextValue++,
                        expected, inv, at, comp, unknown, !unknown || rnd.nextBoolean()));
                t = comp;
            }
        }
        planned.sort(Comparator.comparingLong(Planned::at));
        Map<String, long[]> registers = new HashMap<>();
        List<RegisterOp> ops = new ArrayList<>();
        long id = 0;
        for (Planned p : planned) {
            long[] reg = registers.computeIfAbsent(p.key(), k -> new long[2]);
            id++;
            if (p.unknown()) {
                if (p.applies() && (p.kind() == Kind.WRITE || reg[1] == p.expected())) {
                    reg[0] = p.arg();
                    reg[1]++;
                }
                ops.add(new RegisterOp(id, p.worker(), p.worker() + 1, p.kind(), p.key(), p.arg(), p.expected(),
                        p.inv(), RegisterOp.NEVER, Outcome.UNKNOWN, 0, -1, -1, -1, "ConnectionLoss"));
            } else if (p.kind() == Kind.SYNC_READ) {
                ops.add(new RegisterOp(id, p.worker(), p.worker() + 1, p.kind(), p.key(), 0, -1, p.inv(), p.comp(),
                        Outcome.OK, reg[0], (int) reg[1], -1, -1, null));
            } else if (p.kind() == Kind.CAS && reg[1] != p.expected()) {
                ops.add(new RegisterOp(id, p.worker(), p.worker() + 1, p.kind(), p.key(), p.arg(), p.expected(),
                        p.inv(), p.comp(), Outcome.FAIL, 0, -1, -1, -1, "BADVERSION"));
            } else {
                reg[0] = p.arg();
                reg[1]++;
                ops.add(new RegisterOp(id, p.worker(), p.worker() + 1, p.kind(), p.key(), p.arg(), p.expected(),
                        p.inv(), p.comp(), Outcome.OK, 0, (int) reg[1], -1, -1, null));
            }
        }
        return ops;
    }
}

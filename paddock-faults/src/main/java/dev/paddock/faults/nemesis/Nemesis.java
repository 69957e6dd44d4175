package dev.paddock.faults.nemesis;

import dev.paddock.faults.run.RunClock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans faults from a seed and carries them out against a {@link FaultTarget}: one fault at a time, each healed
 * before a quiet gap and the next. The plan depends on the seed alone; which server leads when a fault starts is
 * the only thing looked up live.
 */
public final class Nemesis {
    private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);

    private final FaultTarget target;
    private final RunClock clock;
    private final List<FaultEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final Set<Integer> killed = new HashSet<>();
    private final Set<Integer> paused = new HashSet<>();
    private final Set<Integer> clocked = new HashSet<>();
    private final Set<Integer> filled = new HashSet<>();
    private final Set<Integer> hooked = new HashSet<>();
    private volatile boolean stopped;

    public Nemesis(FaultTarget target, RunClock clock) {
        this.target = target;
        this.clock = clock;
    }

    /**
     * The faults of one run: each starts after a quiet gap of 0.5–2 s and lasts 1–4 s (pauses: longer than the
     * session timeout, so sessions on the paused server must move or expire), until {@code durationMillis}.
     */
    public static List<Fault> plan(long seed, Set<FaultKind> kinds, List<Integer> servers, long durationMillis,
                                   int sessionTimeoutMs) {
        List<Fault> out = new ArrayList<>();
        if (kinds.isEmpty()) {
            return out;
        }
        Random rnd = new Random(seed);
        List<FaultKind> menu = new ArrayList<>(kinds);
        Collections.sort(menu);
        int n = servers.size();
        List<String> partitions = new ArrayList<>(List.of("halves", "isolate", "bridge", "one-way", "quorum-only"));
        if (n >= 5) {
            partitions.add("ring");
        }
        long t = 500 + rnd.nextInt(1000);
        while (t < durationMillis) {
            FaultKind kind = menu.get(rnd.nextInt(menu.size()));
            List<Integer> order = new ArrayList<>(servers);
            Collections.shuffle(order, rnd);
            boolean leaderFirst = rnd.nextBoolean();
            long hold = 1000 + rnd.nextInt(3000);
            String variant = "";
            long amount = 0;
            int jitter = 0;
            switch (kind) {
                case PARTITION:
                    variant = partitions.get(rnd.nextInt(partitions.size()));
                    break;
                case LOSS:
                    amount = 50 + rnd.nextInt(250); // 5–30 %
                    break;
                case KILL:
                    hold = 300 + rnd.nextInt(2700);
                    break;
                case PAUSE:
                    hold = sessionTimeoutMs + 500 + rnd.nextInt(sessionTimeoutMs);
                    break;
                case CLOCK:
                    amount = (rnd.nextBoolean() ? 1 : -1) * (60_000L + rnd.nextInt(3_540_000));
                    break;
                case SLOW_DISK:
                    amount = 20 + rnd.nextInt(280);
                    break;
                case DELAY:
                    variant = rnd.nextInt(3) == 0 ? "all" : "one";
                    amount = 10 + rnd.nextInt(190);
                    jitter = rnd.nextInt(100);
                    break;
                default:
                    break;
            }
            out.add(new Fault(t, hold, kind, variant, List.copyOf(order), leaderFirst, amount, jitter));
            t += hold + 500 + rnd.nextInt(1500);
        }
        return out;
    }

    /** Carries out {@code plan} from now; returns when the last fault is healed or {@link #stop()} was called. */
    public void run(List<Fault> plan) throws InterruptedException {
        long origin = System.nanoTime();
        for (Fault f : plan) {
            if (!sleepUntil(origin, f.atMillis())) {
                return;
            }
            List<Integer> order = f.resolve(target.leader());
            String what = f.describe(order);
            long start = clock.now();
            LOG.info("nemesis: {} for {} ms", what, f.holdMillis());
            try {
                inject(f, order);
                sleepUntil(System.nanoTime(), f.holdMillis());
            } finally {
                heal(f, order);
                events.add(new FaultEvent(start, clock.now(), f.kind().label, what));
                LOG.info("nemesis: healed {}", what);
            }
        }
    }

    private boolean sleepUntil(long originNanos, long millis) throws InterruptedException {
        long deadline = originNanos + millis * 1_000_000L;
        while (!stopped) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000L)));
        }
        return false;
    }

    private void inject(Fault f, List<Integer> order) {
        int s = order.get(0);
        switch (f.kind()) {
            case PARTITION:
                for (FaultTarget.Link l : Fault.links(f.variant(), order)) {
                    target.block(l, f.variant().equals("quorum-only"));
                }
                break;
            case LOSS:
                target.loss(s, f.amount() / 1000.0);
                break;
            case KILL:
                killed.add(s);
                target.kill(s);
                break;
            case PAUSE:
                paused.add(s);
                target.pause(s);
                break;
            case CLOCK:
                clocked.add(s);
                target.clockJump(s, f.amount());
                break;
            case DISK_FULL:
                filled.add(s);
                target.fillDisk(s);
                break;
            case SLOW_DISK:
                hooked.add(s);
                target.hooks(s, (int) f.amount(), 0, 0);
                break;
            case DELAY:
                for (int x : f.variant().equals("all") ? order : List.of(s)) {
                    hooked.add(x);
                    target.hooks(x, 0, (int) f.amount(), f.jitter());
                }
                break;
            default:
                throw new IllegalStateException("unplanned fault " + f.kind());
        }
    }

    private void heal(Fault f, List<Integer> order) {
        int s = order.get(0);
        switch (f.kind()) {
            case PARTITION:
            case LOSS:
                target.healNetwork();
                break;
            case KILL:
                target.restart(s);
                killed.remove(s);
                break;
            case PAUSE:
                target.resume(s);
                paused.remove(s);
                break;
            case CLOCK:
                // a clock that jumped stays jumped until the end: servers must live with it (reset at healAll)
                break;
            case DISK_FULL:
                target.freeDisk(s);
                filled.remove(s);
                break;
            case SLOW_DISK:
            case DELAY:
                for (int x : order) {
                    if (hooked.remove(x)) {
                        target.hooks(x, 0, 0, 0);
                    }
                }
                break;
            default:
                break;
        }
    }

    public void stop() {
        stopped = true;
    }

    /** Undoes whatever is still in force (an interrupted fault, jumped clocks): the ensemble is whole again. */
    public void healAll() {
        target.healNetwork();
        for (int s : List.copyOf(paused)) {
            target.resume(s);
        }
        paused.clear();
        for (int s : List.copyOf(filled)) {
            target.freeDisk(s);
        }
        filled.clear();
        for (int s : List.copyOf(hooked)) {
            target.hooks(s, 0, 0, 0);
        }
        hooked.clear();
        for (int s : List.copyOf(clocked)) {
            target.clockReset(s);
        }
        clocked.clear();
        for (int s : List.copyOf(killed)) {
            target.restart(s);
        }
        killed.clear();
    }

    public List<FaultEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}

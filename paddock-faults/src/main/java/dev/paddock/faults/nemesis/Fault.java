package dev.paddock.faults.nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One planned fault. A plan is fixed by its seed; only "the leader" is resolved when the fault starts: with
 * {@code leaderFirst}, the leader of that moment (if any) is moved to the front of {@code order}, and the fault
 * hits {@code order.get(0)} (kill, pause, clock, disk, loss, delay) or shapes a partition around it.
 *
 * @param atMillis   when it starts, counted from the start of the nemesis
 * @param holdMillis how long it lasts before it is healed
 * @param variant    partition: halves, isolate, bridge, ring, one-way, quorum-only; delay: one or all; else ""
 * @param order      every server id, shuffled by the seed
 * @param amount     clock: offset ms; loss: probability ×1000; slow-disk: fsync delay ms; delay: packet delay ms
 * @param jitter     delay: jitter ms; else 0
 */
public record Fault(long atMillis, long holdMillis, FaultKind kind, String variant, List<Integer> order,
                    boolean leaderFirst, long amount, int jitter) {

    /** {@code order} with the leader (when asked for and known) first. */
    public List<Integer> resolve(Optional<Integer> leader) {
        List<Integer> o = new ArrayList<>(order);
        if (leaderFirst && leader.isPresent() && o.remove(leader.get())) {
            o.add(0, leader.get());
        }
        return o;
    }

    /** The directed links a partition drops, given the resolved order. */
    public static List<FaultTarget.Link> links(String variant, List<Integer> o) {
        int n = o.size();
        List<FaultTarget.Link> out = new ArrayList<>();
        switch (variant) {
            case "isolate":
                cut(out, o.subList(0, 1), o.subList(1, n));
                break;
            case "halves":
            case "quorum-only":
                cut(out, o.subList(0, n / 2), o.subList(n / 2, n));
                break;
            case "bridge": {
                // o[0] talks to everyone; the others split in two halves that cannot talk to each other
                List<Integer> rest = o.subList(1, n);
                cut(out, rest.subList(0, rest.size() / 2), rest.subList(rest.size() / 2, rest.size()));
                break;
            }
            case "ring":
                // each server talks to its two neighbours in the order only (with 3 servers that is everyone)
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        int d = Math.min(j - i, n - (j - i));
                        if (d > 1) {
                            out.addAll(FaultTarget.Link.bothWays(o.get(i), o.get(j)));
                        }
                    }
                }
                break;
            case "one-way":
                for (int i = 1; i < n; i++) {
                    out.add(new FaultTarget.Link(o.get(0), o.get(i)));
                }
                break;
            default:
                throw new IllegalArgumentException("unknown partition variant " + variant);
        }
        return out;
    }

    private static void cut(List<FaultTarget.Link> out, List<Integer> a, List<Integer> b) {
        for (int x : a) {
            for (int y : b) {
                out.addAll(FaultTarget.Link.bothWays(x, y));
            }
        }
    }

    /** A short description for the timeline, e.g. "halves [1, 3] | [2]" or "kill -9 2". */
    public String describe(List<Integer> o) {
        int n = o.size();
        switch (kind) {
            case PARTITION:
                switch (variant) {
                    case "isolate": return "isolate " + o.get(0) + (leaderFirst ? " (leader)" : "");
                    case "halves": return "halves " + o.subList(0, n / 2) + " | " + o.subList(n / 2, n);
                    case "quorum-only": return "peer ports only: " + o.subList(0, n / 2) + " | " + o.subList(n / 2, n);
                    case "bridge": return "bridge " + o.get(0) + " between " + o.subList(1, 1 + (n - 1) / 2) + " and "
                            + o.subList(1 + (n - 1) / 2, n);
                    case "ring": return "ring " + o;
                    default: return "one-way: " + o.get(0) + " → others dropped";
                }
            case LOSS: return "loss " + amount / 10.0 + "% into " + o.get(0);
            case KILL: return "kill -9 " + o.get(0) + (leaderFirst ? " (leader)" : "");
            case PAUSE: return "SIGSTOP " + o.get(0) + (leaderFirst ? " (leader)" : "") + " for " + holdMillis + " ms";
            case CLOCK: return "clock of " + o.get(0) + (amount >= 0 ? " +" : " ") + amount / 1000 + " s";
            case DISK_FULL: return "disk full on " + o.get(0);
            case SLOW_DISK: return "fsync +" + amount + " ms on " + o.get(0);
            default: return "quorum delay " + amount + "±" + jitter + " ms on "
                    + (variant.equals("all") ? "all" : Integer.toString(o.get(0)));
        }
    }
}

package dev.paddock.faults.nemesis;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The faults a nemesis can schedule, by the names {@code --nemesis} takes. */
public enum FaultKind {
    /** Random halves, the leader isolated, a majority ring, one-way drops, quorum/election ports only. */
    PARTITION("partition", true),
    /** Random loss of a server's inbound peer packets. */
    LOSS("loss", true),
    /** kill -9 of a server (the leader half the time), restarted when healed. */
    KILL("kill", true),
    /** SIGSTOP longer than the session timeout and than syncLimit, then SIGCONT. */
    PAUSE("pause", true),
    /**
     * The wall clock of one server steps forwards or backwards (Paddock's fault hook, {@code clock.offsetMs}:
     * Paddock only — libfaketime, which could step any JVM's clock, makes every JVM thread that waits with a
     * timeout spin, two cores' worth per idle server).
     */
    CLOCK("clock", false),
    /** One server's data directory (a small tmpfs) fills up. */
    DISK_FULL("disk-full", true),
    /** Every fsync of one server is slowed (Paddock's fault hook: Paddock only). */
    SLOW_DISK("slow-disk", false),
    /** Quorum packets sent by one or all servers are delayed with jitter (Paddock's fault hook: Paddock only). */
    DELAY("delay", false);

    public final String label;
    /** Whether it works on any server process; the others need Paddock's fault hooks. */
    public final boolean external;

    FaultKind(String label, boolean external) {
        this.label = label;
        this.external = external;
    }

    /** Parses "all" or a comma-separated list of labels. */
    public static Set<FaultKind> parse(String spec) {
        Set<FaultKind> out = EnumSet.noneOf(FaultKind.class);
        for (String part : spec.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("all")) {
                out.addAll(EnumSet.allOf(FaultKind.class));
                continue;
            }
            if (p.equals("none")) {
                continue;
            }
            out.add(Arrays.stream(values()).filter(k -> k.label.equals(p)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + part.trim() + "'; known: all, "
                            + "none, " + String.join(", ", Arrays.stream(values()).map(k -> k.label).toList()))));
        }
        return out;
    }

    public static String labels(Set<FaultKind> kinds) {
        return kinds.isEmpty() ? "none" : String.join(",", kinds.stream().map(k -> k.label).toList());
    }
}

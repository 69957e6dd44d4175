package dev.paddock.server.core;

import dev.paddock.core.WallClock;
import dev.paddock.server.faults.FaultControl;

/**
 * The server's two clocks. Every timer (session expiry, tick/sync/init limits, election timeouts, latencies) runs
 * on {@link #elapsedMs()}, which is monotonic: a wall-clock jump ({@code date -s}, NTP stepping, a nemesis) can
 * neither expire every session at once nor freeze a timeout. The wall clock only stamps: transaction times (znode
 * ctime/mtime), TTL ages, connection establishment, dates in four-letter-word output.
 */
public final class ServerClock {
    /** The core's wall clock on a real server: the system clock, whatever elapsed time the core is at. */
    public static final WallClock SYSTEM_WALL = elapsedMs -> wallMs();

    /** The process's fault hooks (a nemesis's clock offset), null on every server not under test. */
    private static volatile FaultControl faults;

    private ServerClock() {
    }

    /** Monotonic milliseconds from an arbitrary origin (System.nanoTime), for durations and deadlines only. */
    public static long elapsedMs() {
        return System.nanoTime() / 1_000_000L;
    }

    /** Milliseconds since the epoch, for stamps only. */
    public static long wallMs() {
        FaultControl f = faults;
        return f == null ? System.currentTimeMillis() : System.currentTimeMillis() + f.settings().clockOffsetMs();
    }

    /**
     * Lets the process's fault hooks move the wall clock ({@code clock.offsetMs}), as a clock step would. Only a
     * server started from the command line with {@code -Dpaddock.faults.control} does this; in-process servers
     * share one JVM and never do.
     */
    public static void useFaultControl(FaultControl control) {
        faults = control;
    }

    /** The wall-clock time at which elapsed time {@code elapsedAtMs} is (or was) reached, for display. */
    public static long toWallMs(long elapsedAtMs) {
        return wallMs() + (elapsedAtMs - elapsedMs());
    }
}

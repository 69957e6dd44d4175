package dev.paddock.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While a client is connected to a read-only server, looks for a read-write one as ZooKeeper's client does: it
 * asks the next server of the list {@code isro} (a four-letter word), first after 100 ms, then after twice as long
 * each time up to 60 s; a server answering {@code rw} is where the client reconnects. Runs on the client's send
 * thread, between its own sends, so it needs no thread of its own.
 */
final class RwServerSeeker {
    private static final Logger LOG = LoggerFactory.getLogger(RwServerSeeker.class);
    static final int MIN_INTERVAL_MS = 100;
    static final int MAX_INTERVAL_MS = 60_000;
    private static final int PROBE_TIMEOUT_MS = 1_000;

    /** A read-write server answered: the read-only connection ends and the client reconnects there. */
    static final class Found extends IOException {
        private static final long serialVersionUID = 1L;
        final transient InetSocketAddress server;

        Found(InetSocketAddress server) {
            super("Majority server found at " + server.getHostString() + ":" + server.getPort());
            this.server = server;
        }
    }

    private final LongSupplier nanoClock;
    private int intervalMs = MIN_INTERVAL_MS;
    private long lastProbeNanos;

    RwServerSeeker() {
        this(System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds (tests pass their own) */
    RwServerSeeker(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastProbeNanos = nanoClock.getAsLong();
    }

    /** Milliseconds until the next probe is due (0 when due). */
    long millisUntilProbe() {
        long idle = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - lastProbeNanos);
        return Math.max(0, intervalMs - idle);
    }

    /**
     * Probes the next server when a probe is due; throws {@link Found} when it is read-write.
     *
     * @param nextServer the next server of the client's list (the rotation its connects use)
     */
    void probeIfDue(Supplier<InetSocketAddress> nextServer) throws Found {
        if (millisUntilProbe() > 0) {
            return;
        }
        lastProbeNanos = nanoClock.getAsLong();
        intervalMs = Math.min(2 * intervalMs, MAX_INTERVAL_MS);
        InetSocketAddress addr = nextServer.get();
        LOG.info("Checking server {}:{} for being r/w. Timeout {}", addr.getHostString(), addr.getPort(), intervalMs);
        if ("rw".equals(isro(addr))) {
            intervalMs = MIN_INTERVAL_MS;
            throw new Found(addr);
        }
    }

    /** The server's answer to isro ("rw", "ro", "null"), or null when it cannot be asked. */
    private static String isro(InetSocketAddress unresolved) {
        InetSocketAddress addr = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        try (Socket s = new Socket()) {
            s.connect(addr, PROBE_TIMEOUT_MS);
            s.setSoTimeout(PROBE_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            s.getOutputStream().write("isro".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.shutdownOutput();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        } catch (ConnectException e) {
            return null; // the server is not up
        } catch (IOException e) {
            LOG.warn("Exception while seeking for r/w server {}:{}: {}", addr.getHostString(), addr.getPort(),
                    e.toString());
            return null;
        }
    }
}

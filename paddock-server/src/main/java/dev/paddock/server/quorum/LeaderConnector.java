package dev.paddock.server.quorum;

import dev.paddock.jute.JuteInput;
import dev.paddock.server.quorum.auth.LearnerAuthHandshake;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner's side of the quorum port: dials the leader as ZooKeeper 3.9's {@code Learner.connectToLeader} does
 * — every address of the leader at once, one thread each, up to {@code connectTries} attempts per address with
 * {@code retryDelayMs} between them, all within {@code connectTimeoutMs}; the first connection made wins and the
 * others are closed. Success gives one {@link QuorumConnection} (events {@code Connected}, packets,
 * {@code SnapshotReceived}, {@code Lost}); failure gives {@link QuorumEvent.DialFailed}, after which ZooKeeper goes
 * back to leader election.
 */
public final class LeaderConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderConnector.class);

    /** A snapshot reader that keeps the snapshot's bytes as they came (for a Zab layer that takes raw bytes). */
    public static final Function<JuteInput, byte[]> RAW_SNAPSHOT = LeaderConnector::remainingBytes;

    private final long leaderSid;
    private final List<InetSocketAddress> addresses;
    private final QuorumTransportSettings settings;
    private final QuorumSecurity security;
    /** The leader's host as its server.N line gives it (quorum SASL: {@code _HOST} in the service principal). */
    private final String leaderHost;
    private final Function<JuteInput, ?> snapshotReader;
    private final Consumer<QuorumEvent> events;
    private final AtomicReference<QuorumConnection> connection = new AtomicReference<>();
    private final AtomicInteger failedAttempts = new AtomicInteger();
    private final AtomicInteger dialersLeft;
    private final List<Thread> dialers = new ArrayList<>();
    private final List<Socket> pending = new ArrayList<>();
    private final long startNs = System.nanoTime();
    private volatile boolean closed;

    private LeaderConnector(long leaderSid, List<InetSocketAddress> addresses, QuorumTransportSettings settings,
            QuorumSecurity security, String leaderHost, Function<JuteInput, ?> snapshotReader,
            Consumer<QuorumEvent> events) {
        this.leaderSid = leaderSid;
        this.addresses = List.copyOf(addresses);
        this.settings = settings;
        this.security = security;
        this.leaderHost = leaderHost;
        this.snapshotReader = snapshotReader;
        this.events = events;
        this.dialersLeft = new AtomicInteger(this.addresses.size());
    }

    /**
     * Starts dialling and returns at once. After a SNAP packet the connection reads the snapshot with
     * {@code snapshotReader}, which must consume all of it (e.g. {@code ZkSnapshotFormat::read}, or
     * {@link #RAW_SNAPSHOT}).
     */
    public static LeaderConnector dial(long leaderSid, List<InetSocketAddress> addresses,
            QuorumTransportSettings settings, Function<JuteInput, ?> snapshotReader, Consumer<QuorumEvent> events) {
        return dial(leaderSid, addresses, settings, QuorumSecurity.NONE, null, snapshotReader, events);
    }

    /**
     * As {@link #dial(long, List, QuorumTransportSettings, Function, Consumer)}, authenticating as
     * {@code security} says once connected; {@code leaderHost} is the host of the leader's server.N line (null:
     * that of the address dialled).
     */
    public static LeaderConnector dial(long leaderSid, List<InetSocketAddress> addresses,
            QuorumTransportSettings settings, QuorumSecurity security, String leaderHost,
            Function<JuteInput, ?> snapshotReader, Consumer<QuorumEvent> events) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("leader sid " + leaderSid + " has no quorum address");
        }
        LeaderConnector c = new LeaderConnector(leaderSid, addresses, settings, security, leaderHost, snapshotReader,
                events);
        for (InetSocketAddress addr : c.addresses) {
            Thread t = new Thread(() -> c.dialLoop(addr), "paddock-quorum-dial-" + leaderSid + "-" + addr);
            t.setDaemon(true);
            c.dialers.add(t);
        }
        c.dialers.forEach(Thread::start);
        return c;
    }

    public long leaderSid() {
        return leaderSid;
    }

    /** The connection to the leader once made (it may have been lost since). */
    public Optional<QuorumConnection> connection() {
        return Optional.ofNullable(connection.get());
    }

    /** Connect attempts that failed so far, over all addresses. */
    public int failedAttempts() {
        return failedAttempts.get();
    }

    private void dialLoop(InetSocketAddress addr) {
        String lastError = "no attempt made";
        try {
            for (int attempt = 1; attempt <= settings.connectTries() && connection.get() == null && !closed;
                    attempt++) {
                int remainingMs = remainingMs();
                if (remainingMs <= 0) {
                    lastError = "connect time of " + settings.connectTimeoutMs() + " ms used up";
                    break;
                }
                Socket s = new Socket();
                if (!track(s)) {
                    return;
                }
                try {
                    s.setSoTimeout(settings.initialReadTimeoutMs());
                    s.connect(addr, remainingMs);
                    s.setTcpNoDelay(settings.tcpNoDelay());
                } catch (IOException e) {
                    untrack(s);
                    closeQuietly(s);
                    failedAttempts.incrementAndGet();
                    lastError = e.toString();
                    LOG.debug("Quorum port: attempt {} to reach leader sid {} at {} failed: {}", attempt, leaderSid,
                            addr, lastError);
                    if (remainingMs() <= settings.retryDelayMs()) {
                        lastError += " (connect time of " + settings.connectTimeoutMs() + " ms used up)";
                        break;
                    }
                }
                if (s.isConnected() && !s.isClosed()) {
                    Socket secured = s;
                    try {
                        secured = security.tls().dialled(s, addr);
                        authenticate(secured, addr);
                        untrack(s);
                        won(secured, addr);
                        return;
                    } catch (IOException e) {
                        // ZooKeeper's learner retries a failed TLS handshake like a failed connect, and goes back to
                        // the election at once after a failed authentication; retrying that too keeps a member with
                        // bad credentials from spinning through elections
                        untrack(s);
                        closeQuietly(secured);
                        failedAttempts.incrementAndGet();
                        lastError = (secured == s && security.tls().dialsTls() ? "TLS" : "quorum SASL")
                                + " with the leader failed: " + (e.getMessage() == null ? e : e.getMessage());
                        LOG.debug("Quorum port: attempt {} at leader sid {}: {}", attempt, leaderSid, lastError);
                    }
                }
                if (attempt < settings.connectTries()) {
                    Thread.sleep(settings.retryDelayMs());
                }
            }
        } catch (InterruptedException e) {
            lastError = "interrupted";
        } finally {
            if (dialersLeft.decrementAndGet() == 0 && connection.get() == null && !closed) {
                LOG.warn("Quorum port: could not reach leader sid {} at {} ({} failed attempts): {}", leaderSid,
                        addresses, failedAttempts.get(), lastError);
                events.accept(new QuorumEvent.DialFailed(leaderSid, addresses, lastError));
            }
        }
    }

    private void authenticate(Socket s, InetSocketAddress addr) throws IOException {
        String host = leaderHost != null ? leaderHost : addr.getHostString();
        LearnerAuthHandshake auth = security.auth().newLearnerHandshake(host, "leader sid " + leaderSid + " at "
                + addr);
        if (auth != null) {
            LOG.info("Quorum port: {}", QuorumPortAuth.learner(s, auth));
        }
    }

    private void won(Socket s, InetSocketAddress addr) throws IOException {
        QuorumConnection c = new QuorumConnection(QuorumConnection.Side.LEARNER, s, leaderSid, settings.limits(),
                settings.sendDelay(), snapshotReader, events, x -> { });
        synchronized (this) {
            // started under the lock so that close() either sees no connection or one whose threads run
            if (closed || !connection.compareAndSet(null, c)) {
                LOG.debug("Quorum port: extra connection to leader sid {} at {} closed", leaderSid, addr);
                closeQuietly(s);
                return;
            }
            c.start();
        }
    }

    private int remainingMs() {
        long elapsedMs = (System.nanoTime() - startNs) / 1_000_000L;
        return (int) Math.max(0, settings.connectTimeoutMs() - elapsedMs);
    }

    private synchronized boolean track(Socket s) {
        if (closed) {
            return false;
        }
        pending.add(s);
        return true;
    }

    private synchronized void untrack(Socket s) {
        pending.remove(s);
    }

    /** Stops dialling, closes the connection if one was made, and waits for every thread to end. */
    @Override
    public void close() {
        QuorumConnection c;
        synchronized (this) {
            closed = true;
            pending.forEach(LeaderConnector::closeQuietly);
            pending.clear();
            c = connection.get();
        }
        dialers.forEach(Thread::interrupt);
        boolean interrupted = false;
        try {
            for (Thread t : dialers) {
                t.join(5_000);
            }
            if (c != null) {
                c.close("learner shutting down");
                if (!c.awaitTermination(5_000)) {
                    LOG.warn("Quorum port: threads of {} did not stop", c);
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // a socket that never connected has nothing to flush
        }
    }

    private static byte[] remainingBytes(JuteInput in) {
        // JuteInput has no raw read: the connection recognises this reader and hands over the bytes itself
        throw new UnsupportedOperationException("RAW_SNAPSHOT is applied by QuorumConnection only");
    }
}

package dev.paddock.server.quorum;

import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.server.faults.QuorumSendDelay;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One quorum-port connection, leader to learner, as seen from either end: the handle the owner sends on and closes.
 *
 * <p>Blocking sockets with one reader and one writer thread per connection, as ZooKeeper does, rather than Netty:
 * the snapshot after a SNAP packet has no length prefix, so its end is found only by walking it field by field,
 * which is a plain loop on a blocking stream and a resumable parser on an event loop; and an ensemble has a handful
 * of these connections, so two threads each cost nothing.
 *
 * <p>{@link #send} encodes on the caller's thread (the caller may reuse its arrays afterwards) and queues; it never
 * waits for the network. The writer flushes whenever its queue runs dry, so a burst leaves in few segments. The
 * queue is bounded by {@link QuorumLimits#maxQueuedBytes()}: a peer that falls that far behind is disconnected (Zab
 * normally drops it first, on syncLimit; {@link #queuedBytes()} shows how far behind it is).
 *
 * <p>With the test-only fault hook ({@link QuorumSendDelay}, normally null) each queued item is stamped with the
 * instant it may leave, and the writer waits for it, keeping queue order.
 *
 * <p>Every event of the connection is delivered from its reader thread, so the listener must hand events off
 * (e.g. to the driver's queue) and not block; a listener that throws closes the connection.
 */
public final class QuorumConnection {
    /** Which end of the connection this process is. */
    public enum Side { LEADER, LEARNER }

    private static final Logger LOG = LoggerFactory.getLogger(QuorumConnection.class);
    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    private static final int STREAM_BUFFER_BYTES = 64 * 1024;
    /** The socket's own read timeout; the real limit is kept by {@link PatientSocketInput}. */
    private static final int POLL_MS = 100;
    private static final long UNSTAMPED = Long.MIN_VALUE;
    private static final Outgoing STOP = new Outgoing(new byte[0][], 0, UNSTAMPED);
    /** Queued by {@link #closeAfterQueued}: the writer flushes what came before it, then closes the socket. */
    private static final Outgoing FINISH = new Outgoing(new byte[0][], 0, UNSTAMPED);
    private static final byte[] SIGNATURE = QuorumPortWire.encodedSignature();

    private final long id = NEXT_ID.getAndIncrement();
    private final Side side;
    private final Socket socket;
    /** Null: the socket's own input stream. */
    private final InputStream input;
    private final InetSocketAddress remote;
    private final QuorumLimits limits;
    /** The fault hook holding sent packets; null unless fault injection is on. */
    private final QuorumSendDelay sendDelay;
    private final Function<JuteInput, ?> snapshotReader;
    private final Consumer<QuorumEvent> events;
    private final Consumer<QuorumConnection> onFinished;
    private final LinkedBlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicReference<String> closeReason = new AtomicReference<>();
    private final Thread reader;
    private final Thread writer;
    private volatile long sid;
    private volatile int readTimeoutMs;
    private volatile boolean badInput;
    /** Where a leader-side connection reports its send queue; set by the owner once the learner's sid is known. */
    private volatile SendQueueMeter meter = SendQueueMeter.NONE;
    /** Items queued so far, to stamp one in {@link SendQueueMeter#STAMP_INTERVAL} (enqueueing thread only). */
    private int queuedCount;

    /**
     * Encoded bytes written back to back: a packet, or SNAP + snapshot + signature; {@code due} is the instant the
     * fault hook lets it leave (unused without the hook); {@code queuedNs} when it was queued if it is timed for
     * the {@link SendQueueMeter}, else UNSTAMPED.
     */
    private record Outgoing(byte[][] parts, long due, long queuedNs) {
        long bytes() {
            long n = 0;
            for (byte[] p : parts) {
                n += p.length;
            }
            return n;
        }
    }

    QuorumConnection(Side side, Socket socket, long sid, QuorumLimits limits, QuorumSendDelay sendDelay,
            Function<JuteInput, ?> snapshotReader, Consumer<QuorumEvent> events, Consumer<QuorumConnection> onFinished)
            throws SocketException {
        this(side, socket, null, sid, limits, sendDelay, snapshotReader, events, onFinished);
    }

    /** @param input where to read from instead of the socket's own stream (bytes already looked at put back) */
    QuorumConnection(Side side, Socket socket, InputStream input, long sid, QuorumLimits limits,
            QuorumSendDelay sendDelay, Function<JuteInput, ?> snapshotReader, Consumer<QuorumEvent> events,
            Consumer<QuorumConnection> onFinished) throws SocketException {
        this.side = side;
        this.input = input;
        this.socket = socket;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.sid = sid;
        this.limits = limits;
        this.sendDelay = sendDelay;
        this.snapshotReader = snapshotReader;
        this.events = events;
        this.onFinished = onFinished;
        this.readTimeoutMs = socket.getSoTimeout();
        socket.setSoTimeout(POLL_MS);
        String name = "paddock-quorum-" + (side == Side.LEADER ? "learner-" : "leader-") + id;
        this.reader = new Thread(this::readLoop, name + "-read");
        this.writer = new Thread(this::writeLoop, name + "-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    void start() {
        writer.start();
        reader.start();
    }

    /** A number unique in this process, for logs. */
    public long id() {
        return id;
    }

    public Side side() {
        return side;
    }

    /**
     * The peer's server id: on the learner side the leader dialled; on the leader side taken from the learner's
     * FOLLOWERINFO/OBSERVERINFO (its first 8 bytes), -1 until that arrives.
     */
    public long sid() {
        return sid;
    }

    public InetSocketAddress remoteAddress() {
        return remote;
    }

    public boolean isOpen() {
        return closeReason.get() == null;
    }

    /** Packets and snapshots queued and not yet handed to the socket. */
    public int queuedPackets() {
        return queue.size();
    }

    public long queuedBytes() {
        return Math.max(0, queuedBytes.get());
    }

    /**
     * Queues a packet. A SNAP packet with data is taken as SNAP followed by that data as the raw snapshot stream
     * and the signature (how Paddock's Zab layer hands over a snapshot). Returns false if the connection is closed
     * or this packet would overflow the send queue (the connection is then closed).
     */
    public boolean send(QuorumPacket packet) {
        if (packet.type() == QuorumPortWire.SNAP && packet.data() != null) {
            return sendSnapshot(packet.zxid(), packet.data());
        }
        return enqueue(new byte[][] {QuorumPortWire.encode(packet)});
    }

    /**
     * Queues SNAP at {@code zxid}, the snapshot {@code body} writes, and the signature. The writer runs here, on the
     * caller's thread, before this returns: a caller on the thread that applies transactions gets a consistent
     * snapshot, and the bytes leave in queue order with the packets around them.
     */
    public boolean sendSnapshot(long zxid, Consumer<JuteOutput> body) {
        if (!isOpen()) {
            return false;
        }
        JuteOutput out = new JuteOutput(64 * 1024);
        body.accept(out);
        return sendSnapshot(zxid, out.toByteArray());
    }

    /** As {@link #sendSnapshot(long, Consumer)}, with the snapshot already serialized (without the signature). */
    public boolean sendSnapshot(long zxid, byte[] snapshotBytes) {
        byte[] snap = QuorumPortWire.encode(new QuorumPacket(QuorumPortWire.SNAP, zxid, null, null));
        return enqueue(new byte[][] {snap, snapshotBytes, SIGNATURE});
    }

    /**
     * From now on the writer reports this leader-side connection's queue to {@code meter} under its learner's sid:
     * the items still queued each time one leaves, and how long every {@link SendQueueMeter#STAMP_INTERVAL}th
     * item (the next one queued first) waited.
     */
    public void measureSendQueue(SendQueueMeter meter) {
        this.meter = meter;
    }

    /**
     * How long a read may wait before the peer counts as gone: ZooKeeper uses tickTime × initLimit while syncing
     * and tickTime × syncLimit once synced.
     */
    public void setReadTimeoutMs(int timeoutMs) {
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("negative read timeout " + timeoutMs);
        }
        readTimeoutMs = timeoutMs;
    }

    /** Closes the connection now, dropping whatever is queued; a {@link QuorumEvent.Lost} follows. Idempotent. */
    public void close(String reason) {
        if (closeReason.compareAndSet(null, reason)) {
            queue.clear();
            queuedBytes.set(0);
            queue.add(STOP);
            closeSocket();
        }
    }

    /**
     * Closes the connection once the packets queued so far are written, or after {@code timeoutMs} if the peer
     * does not take them: a leader that a reconfiguration removes still delivers the commit that activates the
     * new configuration (dropping it would cost the follower that forwarded the request its client's reply).
     * From now on nothing more is sent and the connection counts as closed; a {@link QuorumEvent.Lost} follows.
     */
    public void closeAfterQueued(String reason, long timeoutMs) {
        if (closeReason.compareAndSet(null, reason)) {
            queue.add(FINISH);
            CompletableFuture.delayedExecutor(timeoutMs, TimeUnit.MILLISECONDS).execute(this::closeSocket);
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing quorum connection #{}: {}", id, e.toString());
        }
    }

    /** Waits for both threads to end (after {@link #close}); true if they did within the time. */
    public boolean awaitTermination(long timeoutMs) throws InterruptedException {
        long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        for (Thread t : new Thread[] {reader, writer}) {
            long leftMs = Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000L);
            t.join(leftMs);
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private long dueAt() {
        return sendDelay == null ? 0 : sendDelay.dueAt();
    }

    private boolean enqueue(byte[][] parts) {
        if (!isOpen()) {
            return false;
        }
        boolean stamp = meter != SendQueueMeter.NONE && queuedCount++ % SendQueueMeter.STAMP_INTERVAL == 0;
        Outgoing o = new Outgoing(parts, dueAt(), stamp ? System.nanoTime() : UNSTAMPED);
        long total = queuedBytes.addAndGet(o.bytes());
        if (total > limits.maxQueuedBytes()) {
            queuedBytes.addAndGet(-o.bytes());
            close("send queue over " + limits.maxQueuedBytes() + " bytes (" + queue.size()
                    + " packets): the peer is too slow");
            return false;
        }
        queue.add(o);
        return true;
    }

    private void writeLoop() {
        try {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), STREAM_BUFFER_BYTES);
            while (true) {
                Outgoing o = queue.poll();
                if (o == null) {
                    out.flush();
                    o = queue.take();
                }
                if (o == STOP) {
                    return;
                }
                if (o == FINISH) {
                    out.flush();
                    closeSocket();
                    return;
                }
                measureTaken(o);
                if (sendDelay != null && sendDelay.holds(o.due())) {
                    out.flush();
                    sendDelay.await(o.due(), this::isOpen);
                    if (!isOpen()) {
                        return;
                    }
                }
                for (byte[] part : o.parts()) {
                    out.write(part);
                }
                queuedBytes.addAndGet(-o.bytes());
            }
        } catch (InterruptedException e) {
            close("writer interrupted");
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
        }
    }

    private void measureTaken(Outgoing o) {
        SendQueueMeter m = meter;
        if (m != SendQueueMeter.NONE) {
            m.taken(sid, queue.size());
            if (o.queuedNs() != UNSTAMPED) {
                m.waited(sid, (System.nanoTime() - o.queuedNs()) / 1_000_000L);
            }
        }
    }

    private void readLoop() {
        deliver(new QuorumEvent.Connected(this));
        if (side == Side.LEARNER) {
            LOG.info("Quorum port: connected to leader sid {} at {} (#{})", sid, remote, id);
        }
        try {
            PatientSocketInput raw = new PatientSocketInput(input != null ? input : socket.getInputStream(),
                    () -> readTimeoutMs);
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw, STREAM_BUFFER_BYTES));
            QuorumPacketDecoder decoder = new QuorumPacketDecoder(in, limits);
            boolean first = true;
            while (isOpen()) {
                QuorumPacket p = decoder.read();
                if (p == null) {
                    close("closed by the peer");
                    break;
                }
                if (first && side == Side.LEADER) {
                    identify(p);
                }
                first = false;
                if (p.type() == QuorumPortWire.SNAP && snapshotReader != null) {
                    readSnapshot(p, decoder, in);
                } else {
                    deliver(new QuorumEvent.PacketReceived(this, p));
                }
            }
        } catch (SocketTimeoutException e) {
            close("nothing received for " + readTimeoutMs + " ms");
        } catch (QuorumWireException e) {
            badInput = true;
            close("bad input: " + e.getMessage());
        } catch (IOException e) {
            close(e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Quorum port: connection #{} failed", id, e);
            close("internal error: " + e);
        } finally {
            close("reader stopped");
            finish();
        }
    }

    private void identify(QuorumPacket p) {
        String kind = QuorumPortWire.typeName(p.type());
        boolean info = p.type() == QuorumPortWire.FOLLOWERINFO || p.type() == QuorumPortWire.OBSERVERINFO;
        if (info && p.data() != null && p.data().length >= 8) {
            sid = new JuteInput(p.data()).readLong();
            LOG.info("Quorum port: learner sid {} connected from {} with {} (#{})", sid, remote, kind, id);
        } else {
            LOG.info("Quorum port: learner without a sid connected from {}, first packet {} (#{})", remote, kind, id);
        }
    }

    private void readSnapshot(QuorumPacket snap, QuorumPacketDecoder decoder, DataInputStream in) throws IOException {
        String at = "0x" + Long.toHexString(snap.zxid());
        byte[] body = SnapStreamCopier.copy(in, limits);
        String signature = decoder.readString("signature");
        if (!QuorumPortWire.SNAP_SIGNATURE.equals(signature)) {
            throw new QuorumWireException("no signature after the snapshot at " + at + " (got "
                    + (signature == null ? "null" : "\"" + signature.substring(0, Math.min(32, signature.length()))
                    + "\"") + ")");
        }
        if (snapshotReader == LeaderConnector.RAW_SNAPSHOT) {
            LOG.info("Quorum port: snapshot at {} ({} bytes) received from leader sid {} (#{})", at, body.length, sid,
                    id);
            deliver(new QuorumEvent.SnapshotReceived<>(this, snap.zxid(), body, body.length));
            return;
        }
        JuteInput juteIn = new JuteInput(body);
        Object value;
        try {
            value = snapshotReader.apply(juteIn);
        } catch (RuntimeException e) {
            throw new QuorumWireException("snapshot at " + at + " unreadable: " + e.getMessage());
        }
        if (juteIn.remaining() != 0) {
            throw new QuorumWireException("snapshot reader left " + juteIn.remaining() + " of " + body.length
                    + " bytes of the snapshot at " + at + " unread");
        }
        LOG.info("Quorum port: snapshot at {} ({} bytes) received from leader sid {} (#{})", at, body.length, sid, id);
        deliver(new QuorumEvent.SnapshotReceived<>(this, snap.zxid(), value, body.length));
    }

    private void deliver(QuorumEvent e) {
        try {
            events.accept(e);
        } catch (RuntimeException ex) {
            LOG.error("Quorum port: event listener failed on {} (#{})", e, id, ex);
            close("event listener failed: " + ex);
        }
    }

    private void finish() {
        String reason = closeReason.get();
        String who = side == Side.LEADER
                ? (sid < 0 ? "learner (no sid yet)" : "learner sid " + sid) + " at " + remote + " disconnected"
                : "connection to leader sid " + sid + " at " + remote + " lost";
        if (badInput) {
            LOG.warn("Quorum port: {} (#{}): {}", who, id, reason);
        } else {
            LOG.info("Quorum port: {} (#{}): {}", who, id, reason);
        }
        deliver(new QuorumEvent.Lost(this, reason));
        onFinished.accept(this);
    }

    @Override
    public String toString() {
        return "QuorumConnection#" + id + "(" + side + " side, sid " + sid + ", " + remote + ")";
    }
}

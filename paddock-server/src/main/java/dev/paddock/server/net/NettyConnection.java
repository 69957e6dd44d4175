package dev.paddock.server.net;

import dev.paddock.core.ClientConnection;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.server.core.ServerClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client connection over a Netty channel, as the core sees it. Replies are encoded on the calling (core)
 * thread and queued; the queue goes to the channel in one event-loop task with a single flush, either when the
 * current core task ends (see {@link CoreGateway#deferFlush}) or at once outside a core task.
 */
public final class NettyConnection implements ClientConnection {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Channel channel;
    private final InetSocketAddress remote;
    private final String remoteIp;
    private final CoreGateway gateway;
    private final ServerStats serverStats;
    private final ConnectionStats stats = new ConnectionStats();
    private final RequestInbox inbox = new RequestInbox();
    private final AtomicBoolean readsPaused = new AtomicBoolean();
    /** A move to the core thread's loop is under way or done ({@link #moveTo}). */
    private final AtomicBoolean moveTried = new AtomicBoolean();

    private volatile boolean readOnlyFlagSent;
    private volatile boolean canBeReadOnly;
    private volatile boolean connectSeen;
    private volatile long connectReceivedMs;
    private volatile long sessionId;
    private volatile int sessionTimeout;
    private volatile List<dev.paddock.jute.data.Id> transportAuthIds = List.of();

    // guarded by this
    private List<ByteBuf> queued = new ArrayList<>();
    /** An emptied list of a flush written on this thread, for the next flush to queue into (guarded by this). */
    private List<ByteBuf> spareQueue;
    /** Reply bytes encoded and not yet handed to the channel (including a batch on its way to the I/O thread). */
    private long queuedBytes;
    private boolean flushScheduled;
    private boolean closeRequested;
    /** Bytes the last flush carried: how large a buffer the next batch of replies starts with. */
    private int lastBatchBytes;
    /** The channel is moving to another event loop ({@link #moveTo}): replies wait until it is there. */
    private boolean moving;
    /** A flush was asked for during the move. */
    private boolean flushAfterMove;

    /** The most a reply buffer is made larger than its first reply (replies beyond it start another buffer). */
    static final int MAX_BATCH_BUFFER = 64 * 1024;

    public NettyConnection(Channel channel, CoreGateway gateway, ServerStats serverStats) {
        this.channel = channel;
        this.gateway = gateway;
        this.serverStats = serverStats;
        SocketAddress sa = channel.remoteAddress();
        this.remote = sa instanceof InetSocketAddress isa ? isa : null;
        this.remoteIp = remote != null && remote.getAddress() != null ? remote.getAddress().getHostAddress()
                : String.valueOf(sa);
    }

    @Override
    public long connectionId() {
        return id;
    }

    /** The ids the TLS handshake proved (x509, super); set before the connect request reaches the core. */
    void transportAuthIds(List<dev.paddock.jute.data.Id> ids) {
        transportAuthIds = List.copyOf(ids);
    }

    @Override
    public List<dev.paddock.jute.data.Id> transportAuthIds() {
        return transportAuthIds;
    }

    @Override
    public String remoteAddress() {
        return remoteIp;
    }

    /** "/ip:port", as ZooKeeper prints a connection. */
    public String remoteSocketAddress() {
        return remote != null ? remote.toString() : String.valueOf(channel.remoteAddress());
    }

    public Channel channel() {
        return channel;
    }

    public ConnectionStats stats() {
        return stats;
    }

    /** Requests read from this connection that the core has not taken yet. */
    public RequestInbox inbox() {
        return inbox;
    }

    /** Reply bytes waiting for the client to read them: queued here plus pending in the channel. */
    public long outputBytes() {
        long mine;
        synchronized (this) {
            mine = queuedBytes;
        }
        ChannelOutboundBuffer ob = channel.unsafe().outboundBuffer();
        return mine + (ob == null ? 0 : ob.totalPendingWriteBytes());
    }

    /** Stops reading requests from the socket (the client's sends then back up in TCP). Any thread. */
    public void pauseReads() {
        if (readsPaused.compareAndSet(false, true)) {
            applyReads();
        }
    }

    /** Reads again after {@link #pauseReads()}. Any thread. */
    public void resumeReads() {
        if (readsPaused.compareAndSet(true, false)) {
            applyReads();
        }
    }

    /** Tells the channel whether to read; during a move the move's end does (the channel has no loop meanwhile). */
    private synchronized void applyReads() {
        if (!moving) {
            channel.config().setAutoRead(!readsPaused.get());
        }
    }

    public boolean readsPaused() {
        return readsPaused.get();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** The session this connection carries (0 before the handshake is answered, or if it was refused). */
    public long sessionId() {
        return sessionId;
    }

    public int sessionTimeout() {
        return sessionTimeout;
    }

    /** The connect request ended with the optional readOnly byte, so the response carries one too. */
    public boolean readOnlyFlagSent() {
        return readOnlyFlagSent;
    }

    boolean connectSeen() {
        return connectSeen;
    }

    @Override
    public boolean canBeReadOnly() {
        return canBeReadOnly;
    }

    void connectReceived(boolean readOnlyFlag, boolean canBeReadOnly, long nowMs) {
        this.readOnlyFlagSent = readOnlyFlag;
        this.canBeReadOnly = canBeReadOnly;
        this.connectReceivedMs = nowMs;
        this.connectSeen = true;
    }

    /**
     * Replies are encoded into one reusable buffer per thread (the core thread, in practice) and copied once into
     * a pooled Netty buffer: no per-reply array growth, no garbage for large payloads.
     */
    private static final ThreadLocal<JuteOutput> SCRATCH = ThreadLocal.withInitial(() -> new JuteOutput(8192));

    @Override
    public void sendConnectResponse(ConnectResponse response) {
        sendConnectResponse(response, false);
    }

    @Override
    public void sendConnectResponse(ConnectResponse response, boolean readOnlyServer) {
        JuteOutput out = SCRATCH.get();
        out.reset();
        out.writeInt(0);
        response.write(out);
        if (readOnlyFlagSent) {
            out.writeBool(readOnlyServer);
        }
        out.setInt(0, out.size() - 4);
        this.sessionId = response.sessionId();
        this.sessionTimeout = response.timeOut();
        long now = ServerClock.elapsedMs();
        serverStats.latency(stats.sessionEstablished(connectReceivedMs, now), true); // a session is a write
        enqueue(out);
    }

    @Override
    public void send(ReplyHeader header, JuteRecord body) {
        JuteOutput out = SCRATCH.get();
        out.reset();
        out.writeInt(0);
        header.write(out);
        if (body != null) {
            body.write(out);
        }
        out.setInt(0, out.size() - 4);
        if (!channel.isActive()) {
            serverStats.overload().staleReplies.increment();
        }
        if (header.xid() != -1) {
            stats.replySent(header.xid(), header.zxid(), ServerClock.elapsedMs(), serverStats);
            serverStats.responseSize(out.size());
            serverStats.metrics().responseBytes.add(out.size());
        } else {
            serverStats.metrics().watchBytes.add(out.size());
        }
        enqueue(out);
    }

    /**
     * Appends a reply to the buffer of replies waiting for the next flush, or starts one: as large as the last
     * flush carried (up to {@link #MAX_BATCH_BUFFER}), so a pipelining client's replies share a buffer, while a
     * connection that gets one reply a flush (a watch notification fanned out to many) gets a small one.
     */
    private void enqueue(JuteOutput out) {
        int n = out.size();
        synchronized (this) {
            if (closeRequested) {
                return; // after close() nothing more is queued
            }
            stats.packetSent();
            serverStats.packetSent();
            ByteBuf tail = queued.isEmpty() ? null : queued.get(queued.size() - 1);
            if (tail == null || tail.maxFastWritableBytes() < n) {
                tail = channel.alloc().buffer(Math.max(n, Math.min(lastBatchBytes, MAX_BATCH_BUFFER)));
                queued.add(tail);
            }
            tail.writeBytes(out.array(), 0, n);
            queuedBytes += n;
            if (flushScheduled) {
                return;
            }
            flushScheduled = true;
        }
        if (!gateway.deferFlush(this)) {
            flushQueued();
        }
    }

    /** Whether the server asked for this connection to close (as opposed to the client going away). */
    public synchronized boolean closedByServer() {
        return closeRequested;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closeRequested) {
                return;
            }
            closeRequested = true;
            if (flushScheduled) {
                return; // the pending flush closes after writing
            }
            flushScheduled = true;
        }
        if (!gateway.deferFlush(this)) {
            flushQueued();
        }
    }

    /**
     * Hands everything queued to the channel in one event-loop task; closes afterwards if asked to. If the core
     * has parked this connection because its client was not reading, tells the gateway once the bytes have moved.
     */
    public void flushQueued() {
        List<ByteBuf> batch;
        boolean close;
        long bytes = 0;
        synchronized (this) {
            if (moving) {
                flushAfterMove = true; // the move ends with this flush, on the channel's new loop
                flushScheduled = false;
                return;
            }
            batch = queued;
            queued = spareQueue != null ? spareQueue : new ArrayList<>();
            spareQueue = null;
            flushScheduled = false;
            close = closeRequested;
            for (int i = 0; i < batch.size(); i++) {
                bytes += batch.get(i).readableBytes();
            }
            if (!batch.isEmpty()) {
                lastBatchBytes = (int) Math.min(bytes, MAX_BATCH_BUFFER);
            }
        }
        if (batch.isEmpty() && !close) {
            reuse(batch);
            return;
        }
        long moved = bytes;
        if (channel.eventLoop().inEventLoop()) {
            // the connection's I/O runs on this thread (the core's, or its own I/O thread): write now, keep the list
            write(batch, close, moved);
            batch.clear();
            reuse(batch);
            return;
        }
        try {
            channel.eventLoop().execute(() -> write(batch, close, moved));
        } catch (RejectedExecutionException e) {
            // the I/O threads are shutting down: the channel is closed or about to be; nothing to deliver to
            batch.forEach(ByteBuf::release);
            handedOver(moved);
        }
    }

    /** On the channel's loop: the batch's buffers to the channel, one flush (or a close after them). */
    private void write(List<ByteBuf> batch, boolean close, long bytes) {
        for (int i = 0; i < batch.size(); i++) {
            channel.write(batch.get(i), channel.voidPromise());
        }
        if (close) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.flush();
        }
        handedOver(bytes);
    }

    private synchronized void reuse(List<ByteBuf> emptied) {
        spareQueue = emptied;
    }

    /**
     * Moves this connection's I/O to {@code target} (the core thread's loop), so that from then on its requests are
     * read, handled and answered on one thread. Called on the connection's I/O thread, which keeps serving it until
     * the move is done; a move that cannot be made now (replies still being written) is tried again on a later call.
     *
     * <p>The steps, each on the thread that may take it: on {@code target}, replies stop being handed out (every
     * batch handed to the I/O thread before is by then queued there ahead of the next step); on the I/O thread, with
     * nothing left to write, reads are held ({@link ReadGate}: no new read pass) and the channel deregistered; still
     * there, once no read pass Netty queued earlier is left ({@code EpollReadProbe}), the channel registers with
     * {@code target}; on {@code target}, reads go on and the replies made meanwhile are flushed. So no two threads
     * ever read or write the socket, and the client gets its replies in order. If the channel cannot join
     * {@code target} it is closed.
     */
    void moveTo(EventLoop target) {
        if (!moveTried.compareAndSet(false, true)) {
            return;
        }
        if (!execute(target, () -> stopHandingOut(target))) {
            moveTried.set(false);
        }
    }

    /** On {@code target}: from here replies wait for the move. */
    private void stopHandingOut(EventLoop target) {
        synchronized (this) {
            if (closeRequested || moving) {
                moveTried.set(false);
                return;
            }
            moving = true;
        }
        EventLoop from = channel.eventLoop();
        ReadGate gate = channel.pipeline().get(ReadGate.class);
        if (from == target || gate == null || !channel.isRegistered()) {
            endMove(false);
            return;
        }
        if (!execute(from, () -> leave(from, target, gate))) {
            endMove(false);
        }
    }

    /** On the I/O thread: unless replies are still going out, hold reads and deregister. */
    private void leave(EventLoop from, EventLoop target, ReadGate gate) {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        if (!channel.isActive() || out == null || !out.isEmpty()) {
            endMove(false); // a write in progress may have a flush queued on this loop: try again later
            return;
        }
        gate.hold();
        channel.deregister().addListener(left -> {
            if (!left.isSuccess() || !execute(from, () -> join(from, target, gate))) {
                gate.release();
                channel.close();
                endMove(false);
            }
        });
    }

    /** On the I/O thread, deregistered: once no read pass is queued here, register with {@code target}. */
    private void join(EventLoop from, EventLoop target, ReadGate gate) {
        if (io.netty.channel.epoll.EpollReadProbe.readPassQueued(channel)) {
            if (!execute(from, () -> join(from, target, gate))) { // after that pass (which starts no other)
                channel.close();
                endMove(false);
            }
            return;
        }
        target.register(channel).addListener(joined -> {
            if (!joined.isSuccess()) {
                channel.close();
            } else if (channel.config().getRecvByteBufAllocator() instanceof MaxMessagesRecvByteBufAllocator m) {
                // on the core thread, one read a pass: a client pipelining megabytes is served a buffer at a time,
                // its turn coming between the other connections' reads and the core's work, not ahead of them
                m.maxMessagesPerRead(1);
            }
            gate.release();
            endMove(joined.isSuccess());
        });
    }

    private static boolean execute(EventLoop loop, Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false; // shutting down
        }
    }

    /** The move is over (made or not): reads as the core last asked, and the replies that waited go out. */
    private void endMove(boolean moved) {
        boolean flush;
        synchronized (this) {
            moving = false;
            flush = flushAfterMove;
            flushAfterMove = false;
            if (flush) {
                flushScheduled = true;
            }
            applyReads(); // what pause/resume asked for during the move
        }
        if (!moved) {
            moveTried.set(false);
        }
        if (flush) {
            flushQueued();
        }
    }

    private void handedOver(long bytes) {
        synchronized (this) {
            queuedBytes -= bytes;
        }
        if (inbox.parked()) {
            gateway.outputDrained(this);
        }
    }

    /** As ZooKeeper's Netty connections report it: 1 (read) while open, plus 4 when the socket is not writable. */
    public int interestOps() {
        if (!channel.isOpen()) {
            return 0;
        }
        return 1 | (channel.isWritable() ? 0 : 4);
    }

    @Override
    public String toString() {
        return "connection " + id + " from " + remoteSocketAddress()
                + (sessionId != 0 ? " session 0x" + Long.toHexString(sessionId) : "");
    }
}

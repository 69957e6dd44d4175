package dev.paddock.server.net;

import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.RequestCodec;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.server.core.ServerClock;
import dev.paddock.server.fourlw.FourLetterWordCommands;
import dev.paddock.server.limits.FatalErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's inbound side, after {@link PacketFrameDecoder}: the first frame is the connect
 * handshake, later frames are requests; four-letter words are answered in text and the connection closed.
 * Frames are decoded here, on the I/O thread; the core sees only decoded records.
 */
public final class ClientChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientChannelHandler.class);
    /** Frames up to this size are decoded from a per-thread array instead of a new one each. */
    private static final int FRAME_SCRATCH_MAX = 64 * 1024;
    private static final ThreadLocal<byte[]> FRAME_SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    private static final java.util.concurrent.atomic.AtomicLong LAST_THROTTLE_WARN_MS =
            new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE / 2);

    private final CoreGateway core;
    private final ServerStats serverStats;
    private final ConnectionRegistry registry;
    private final FourLetterWordCommands fourLetterWords;
    /** Null on a plain-only port. */
    private final ClientTls tls;
    private NettyConnection conn;
    private boolean slotTaken;
    private boolean serverClosing;
    /** A four-letter word's answer is on its way; the channel closes once it is written. */
    private boolean answering;
    /** The core thread's loop, where this connection moves once its session sends a request; null: it stays. */
    private final EventLoop settle;

    public ClientChannelHandler(CoreGateway core, ServerStats serverStats, ConnectionRegistry registry,
            FourLetterWordCommands fourLetterWords) {
        this(core, serverStats, registry, fourLetterWords, null);
    }

    /** @param tls the port's TLS (null: plain only); a TLS client's certificate gives the connection its ids */
    public ClientChannelHandler(CoreGateway core, ServerStats serverStats, ConnectionRegistry registry,
            FourLetterWordCommands fourLetterWords, ClientTls tls) {
        this(core, serverStats, registry, fourLetterWords, tls, null);
    }

    /**
     * @param settle the core thread's loop: once the session sends its first request, the connection moves there
     *               (plain connections only; null: it stays on the loop it was accepted on)
     */
    public ClientChannelHandler(CoreGateway core, ServerStats serverStats, ConnectionRegistry registry,
            FourLetterWordCommands fourLetterWords, ClientTls tls, EventLoop settle) {
        this.settle = tls == null ? settle : null;
        this.tls = tls;
        this.core = core;
        this.serverStats = serverStats;
        this.registry = registry;
        this.fourLetterWords = fourLetterWords;
    }

    /** The connection this handler serves (null before the channel is active or when it was refused). */
    public NettyConnection connection() {
        return conn;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!registry.acquire(ctx.channel().remoteAddress())) { // logs and counts the refusal
            ctx.close();
            return;
        }
        slotTaken = true;
        conn = new NettyConnection(ctx.channel(), core, serverStats);
        registry.add(conn);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (conn == null) {
                return;
            }
            if (msg instanceof FourLetterWordRequest r) {
                fourLetterWord(ctx, r);
            } else if (msg instanceof ByteBuf frame) {
                frame(ctx, frame);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void fourLetterWord(ChannelHandlerContext ctx, FourLetterWordRequest r) {
        answering = true;
        conn.stats().packetReceived();
        serverStats.packetReceived();
        fourLetterWords.execute(r.word(), r.argument(), String.valueOf(ctx.channel().remoteAddress()))
                .whenComplete((text, err) -> ctx.executor().execute(() -> {
                    if (err != null || text == null) {
                        if (text == null && err == null) {
                            LOG.warn("Len error {} from {}; closing the connection", r.word().code,
                                    ctx.channel().remoteAddress());
                        }
                        serverClose(ctx);
                        return;
                    }
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)))
                            .addListener(ChannelFutureListener.CLOSE);
                }));
    }

    private void frame(ChannelHandlerContext ctx, ByteBuf frame) {
        long now = ServerClock.elapsedMs(); // latencies only: never the wall clock
        conn.stats().packetReceived();
        serverStats.packetReceived();
        serverStats.metrics().bytesReceived.add(4L + frame.readableBytes()); // with the length prefix, as ZooKeeper
        int frameBytes = frame.readableBytes();
        JuteInput in = new JuteInput(frameArray(frame), 0, frameBytes);
        if (!conn.connectSeen()) {
            ConnectRequest request;
            boolean readOnlyFlag = false;
            boolean canBeReadOnly = false;
            try {
                request = ConnectRequest.read(in);
                if (in.remaining() >= 1) {
                    readOnlyFlag = true;
                    canBeReadOnly = in.readBool(); // the client accepts a read-only server
                }
            } catch (JuteException e) {
                LOG.warn("Malformed connect request from {} ({} bytes): {}; closing the connection",
                        conn.remoteSocketAddress(), frameBytes, e.getMessage());
                serverClose(ctx);
                return;
            }
            if (!registry.admitConnectRequest(now)) {
                long last = LAST_THROTTLE_WARN_MS.get();
                if (now - last >= 10_000 && LAST_THROTTLE_WARN_MS.compareAndSet(last, now)) {
                    // one line per 10 s in a storm; connection_rejected in mntr counts every refusal
                    LOG.warn("The connection throttle refuses connect requests (e.g. from {}; drop chance {});"
                            + " their connections are closed", conn.remoteSocketAddress(),
                            registry.connectionDropChance());
                }
                serverClose(ctx);
                return;
            }
            conn.connectReceived(readOnlyFlag, canBeReadOnly, now);
            if (tls != null) {
                conn.transportAuthIds(tls.authIds(ctx.pipeline()));
            }
            core.connect(conn, request);
            return;
        }
        RequestHeader header;
        OpCode op;
        JuteRecord body;
        try {
            header = RequestHeader.read(in);
            op = OpCode.of(header.type());
            body = op == null ? null : RequestCodec.readRequest(op, in);
        } catch (JuteException e) {
            LOG.warn("Malformed request from {} ({} bytes): {}; closing the connection", conn, frameBytes,
                    e.getMessage());
            serverClose(ctx);
            return;
        }
        if (op != OpCode.AUTH) {
            conn.stats().requestReceived(header.xid(), ConnectionStats.opName(op, header.type()), now,
                    op != null && op.isWrite());
        }
        core.request(conn, header, body, frameBytes);
        if (settle != null && ctx.channel().eventLoop() != settle) {
            conn.moveTo(settle); // once at a time; retried on a later request if it could not be made
        }
    }

    /**
     * The frame's bytes in an array to decode from: this I/O thread's reusable one when the frame fits (decoding
     * copies every field out, so nothing keeps the array), else a new one. Saves a garbage array per request.
     */
    private static byte[] frameArray(ByteBuf frame) {
        int n = frame.readableBytes();
        if (n > FRAME_SCRATCH_MAX) {
            return ByteBufUtil.getBytes(frame);
        }
        byte[] scratch = FRAME_SCRATCH.get();
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, Math.min(FRAME_SCRATCH_MAX, scratch.length * 2))];
            FRAME_SCRATCH.set(scratch);
        }
        frame.getBytes(frame.readerIndex(), scratch, 0, n);
        return scratch;
    }

    /** The client has read enough of its replies: the core may serve its requests again. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (conn != null && ctx.channel().isWritable()) {
            core.outputDrained(conn);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (conn != null) {
            registry.remove(conn);
            if (conn.connectSeen() && !serverClosing && !conn.closedByServer()) {
                serverStats.overload().connectionDropped.increment(); // the client went away first
            }
            if (conn.connectSeen()) {
                core.connectionClosed(conn);
            }
        }
        if (slotTaken) {
            slotTaken = false;
            registry.release(ctx.channel().remoteAddress());
        }
        super.channelInactive(ctx);
    }

    /**
     * The client shut its side down (half-close). A four-letter word is still answered, then the channel closes;
     * any other connection closes now, as it did before half-closure was allowed.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (!answering) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void serverClose(ChannelHandlerContext ctx) {
        serverClosing = true;
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        FatalErrors.haltOnFatal(cause, "the client I/O of " + ctx.channel().remoteAddress());
        String who = conn != null ? conn.toString() : String.valueOf(ctx.channel().remoteAddress());
        if (cause instanceof IOException) {
            LOG.info("Closing {}: {}", who, cause.getMessage());
        } else {
            LOG.warn("Closing {} after an error: {}", who, cause.toString(), cause);
            serverClosing = true;
        }
        ctx.close();
    }
}

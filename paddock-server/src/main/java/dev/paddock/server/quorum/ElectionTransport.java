package dev.paddock.server.quorum;

import dev.paddock.server.net.NettyLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import dev.paddock.server.quorum.auth.AuthStep;
import dev.paddock.server.quorum.auth.LearnerAuthHandshake;
import dev.paddock.server.quorum.auth.QuorumAuthPacket;
import dev.paddock.server.quorum.auth.ServerAuthHandshake;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election port, speaking ZooKeeper 3.9's {@code QuorumCnxManager} protocol (see {@link ElectionWire}) on Netty.
 * It carries opaque payloads between server ids; what they mean is the election's business.
 *
 * <p>The rules it keeps, as ZooKeeper does:
 * <ul>
 *   <li>One connection per pair, owned by the larger sid. A smaller sid that dials in is hung up on (together with
 *       any older connection to it) and dialled back; a dialler that finds the other sid larger sends its initial
 *       message and hangs up, so the larger one dials back.</li>
 *   <li>Each peer has a send queue of {@link ElectionWire#SEND_CAPACITY} that drops its oldest message when full;
 *       the last message sent to a peer is sent again first on every new connection to it (it may have been lost
 *       with the old one).</li>
 *   <li>Connections are made on demand: by {@link #send} when there is none, and by {@link #connectAll}, which the
 *       election calls when it hears nothing. Dialling gives up after cnxTimeout.</li>
 *   <li>Bad input (unknown protocol version, an address longer than 2048 bytes, a frame length outside
 *       1..512 KiB, no initial message within the handshake timeout) closes that connection with one log line.</li>
 * </ul>
 *
 * <p>Threads: everything runs on one event-loop thread ({@code paddock-election}); {@link #send} and
 * {@link #connectAll} only hand work to it and never block. The {@link Receiver} is called on that thread and must
 * not block either ({@link ElectionInbox} is a bounded queue to poll from).
 */
public final class ElectionTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ElectionTransport.class);

    /** Gets every message received, and messages a server sends to itself. Called on the I/O thread. */
    @FunctionalInterface
    public interface Receiver {
        void onMessage(long fromSid, byte[] payload);
    }

    /** Per-peer state; touched only on the event loop. */
    private static final class Peer {
        final long sid;
        List<InetSocketAddress> configured;
        List<InetSocketAddress> advertised = List.of();
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        byte[] last;
        Channel channel;
        Channel dialing;
        /** A dialled connection still in its quorum SASL step (no second dial meanwhile). */
        Channel authenticating;
        int nextAddress;

        Peer(long sid, List<InetSocketAddress> configured) {
            this.sid = sid;
            this.configured = configured;
        }
    }

    private final ElectionOptions opt;
    private final QuorumSecurity security;
    /** sid -> host of its server.N line, for the voters we authenticate to; null: every configured peer. */
    private volatile Map<Long, String> voterHosts;
    private final Receiver receiver;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ChannelGroup allChannels;
    private final List<Channel> serverChannels = new ArrayList<>();
    /** What we say first on every connection we dial; null until the port is bound (it may advertise the port). */
    private volatile InitialMessage hello;
    private final Map<Long, Peer> peers = new HashMap<>();
    /** sid -> whether we dialled it; readable from any thread (tests, stats). */
    private final Map<Long, Boolean> connected = new ConcurrentHashMap<>();
    private long nextObserverId = -1;
    private volatile boolean closed;
    /**
     * Starts dialled connections' quorum SASL off the event loop (a Kerberos learner's first token may wait for the
     * KDC); null when this member does not authenticate. Later steps are local computations and run on the loop.
     */
    private final java.util.concurrent.ThreadPoolExecutor authStarts;

    private ElectionTransport(ElectionOptions opt, QuorumSecurity security, Receiver receiver) throws IOException {
        this.opt = opt;
        this.security = security;
        this.receiver = receiver;
        this.authStarts = security.auth().enabled() && security.auth().learnerRequired()
                ? new java.util.concurrent.ThreadPoolExecutor(0, security.auth().threads(), 60, TimeUnit.SECONDS,
                        new java.util.concurrent.SynchronousQueue<>(),
                        new DefaultThreadFactory("paddock-election-auth", true))
                : null;
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("paddock-election", true));
        this.loop = group.next();
        this.allChannels = new DefaultChannelGroup("paddock-election", loop);
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, NettyLoops.allocator())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (closed) {
                            ch.close();
                            return;
                        }
                        allChannels.add(ch);
                        ServerAuthHandshake auth = security.auth().newServerHandshake();
                        ch.pipeline().addLast("handshakeTimeout",
                                new ReadTimeoutHandler(opt.handshakeTimeoutMs(), TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("frames",
                                new ElectionFrameDecoder(true, auth != null, false, opt.maxFrameBytes()));
                        ch.pipeline().addLast("peer", new PeerHandler(null, auth, null));
                        security.tls().installAccepted(ch.pipeline(), ch.remoteAddress());
                    }
                });
        for (InetSocketAddress address : opt.bindAddresses()) {
            ChannelFuture f = b.bind(address).awaitUninterruptibly();
            if (!f.isSuccess()) {
                allChannels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
                throw new IOException("cannot bind the election port " + address + ": " + f.cause().getMessage(),
                        f.cause());
            }
            serverChannels.add(f.channel());
            allChannels.add(f.channel());
        }
        List<String> advertised = opt.advertisedAddresses().isEmpty()
                ? List.of(hostPort(localAddress())) : opt.advertisedAddresses();
        hello = InitialMessage.of(opt.mySid(), advertised, opt.multiAddress());
        LOG.info("Election port {} open for sid {}, advertising {}", localAddress(), opt.mySid(), advertised);
    }

    /** Binds the election port; no quorum SASL. */
    public static ElectionTransport start(ElectionOptions opt, Receiver receiver) throws IOException {
        return new ElectionTransport(opt, QuorumSecurity.NONE, receiver);
    }

    /** Binds the election port, whose connections run {@code security}'s handshakes. */
    public static ElectionTransport start(ElectionOptions opt, QuorumSecurity security, Receiver receiver)
            throws IOException {
        return new ElectionTransport(opt, security, receiver);
    }

    /**
     * The voters by sid with the host of their server.N line: a dialled connection authenticates (when this member's
     * SASL asks for it) to these only, towards that host, as ZooKeeper's learner does with its voting view. Until
     * this is called every configured peer counts, with the host of its first address.
     */
    public void setVoterHosts(Map<Long, String> hosts) {
        voterHosts = Map.copyOf(hosts);
    }

    private String voterHost(Peer p) {
        Map<Long, String> hosts = voterHosts;
        if (hosts != null) {
            return hosts.get(p.sid);
        }
        return p.configured.isEmpty() ? null : p.configured.get(0).getHostString();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannels.get(0).localAddress();
    }

    public long mySid() {
        return opt.mySid();
    }

    /**
     * Queues a payload for sid (dropping that peer's oldest queued payload when its queue is full) and sends it
     * when a connection is up, dialling if there is none. To itself: delivered to the receiver. Never blocks.
     *
     * @throws IllegalArgumentException when the payload is empty or larger than a frame may be
     */
    public void send(long sid, byte[] payload) {
        if (payload.length == 0 || payload.length > opt.maxFrameBytes()) {
            throw new IllegalArgumentException("election payload of " + payload.length + " bytes; must be 1.."
                    + opt.maxFrameBytes());
        }
        byte[] copy = payload.clone();
        execute(() -> {
            if (sid == opt.mySid()) {
                deliver(sid, copy);
                return;
            }
            Peer p = peer(sid);
            if (p.queue.size() >= opt.sendCapacity()) {
                p.queue.pollFirst();
            }
            p.queue.addLast(copy);
            if (p.channel != null) {
                drain(p);
            } else {
                connect(p);
            }
        });
    }

    /** Dials every configured peer (and every sid ever sent to) that has no connection. Never blocks. */
    public void connectAll() {
        execute(() -> {
            opt.peers().keySet().forEach(this::peer);
            for (Peer p : peers.values()) {
                connect(p);
            }
        });
    }

    /** Sets where sid's election port is (a peer learnt later, a reconfiguration, or tests). Never blocks. */
    public void setPeerAddresses(long sid, List<InetSocketAddress> addresses) {
        List<InetSocketAddress> copy = List.copyOf(addresses);
        execute(() -> peer(sid).configured = copy);
    }

    public boolean connectedTo(long sid) {
        return connected.containsKey(sid);
    }

    /** Whether the live connection to sid is one this server dialled (the larger sid's side). */
    public boolean dialled(long sid) {
        return Boolean.TRUE.equals(connected.get(sid));
    }

    /** The sids with a live connection, from any thread. */
    public java.util.Set<Long> connectedSids() {
        return java.util.Set.copyOf(connected.keySet());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        allChannels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (authStarts != null) {
            authStarts.shutdownNow();
        }
        connected.clear();
        LOG.info("Election port of sid {} closed", opt.mySid());
    }

    // ---- on the event loop ----

    private void execute(Runnable r) {
        if (closed) {
            return;
        }
        try {
            loop.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Election transport closing; dropped a task");
        }
    }

    private Peer peer(long sid) {
        return peers.computeIfAbsent(sid, s -> new Peer(s, opt.peers().getOrDefault(s, List.of())));
    }

    private void deliver(long sid, byte[] payload) {
        try {
            receiver.onMessage(sid, payload);
        } catch (RuntimeException e) {
            LOG.error("Election receiver failed on a message from sid {}", sid, e);
        }
    }

    private void connect(Peer p) {
        if (closed || p.channel != null || p.dialing != null || p.authenticating != null || hello == null) {
            return;
        }
        List<InetSocketAddress> addresses = p.advertised.isEmpty() ? p.configured : p.advertised;
        if (addresses.isEmpty()) {
            LOG.warn("No election address known for sid {}; cannot connect", p.sid);
            return;
        }
        InetSocketAddress address = addresses.get(Math.floorMod(p.nextAddress++, addresses.size()));
        String host = voterHost(p);
        LearnerAuthHandshake auth = host == null ? null
                : security.auth().newLearnerHandshake(host, "sid " + p.sid + " at " + hostPort(address));
        Bootstrap b = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, NettyLoops.allocator())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, opt.cnxTimeoutMs())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        allChannels.add(ch);
                        if (auth != null) {
                            ch.pipeline().addLast("handshakeTimeout",
                                    new ReadTimeoutHandler(opt.handshakeTimeoutMs(), TimeUnit.MILLISECONDS));
                        }
                        ch.pipeline().addLast("frames",
                                new ElectionFrameDecoder(false, false, auth != null, opt.maxFrameBytes()));
                        ch.pipeline().addLast("peer", new PeerHandler(p, null, auth));
                        security.tls().installDialled(ch.pipeline(), address);
                    }
                });
        ChannelFuture f = b.connect(address);
        p.dialing = f.channel();
        f.addListener((ChannelFutureListener) done -> {
            if (p.dialing == done.channel()) {
                p.dialing = null;
            }
            if (!done.isSuccess()) {
                LOG.warn("Cannot open election connection to sid {} at {}: {}", p.sid, address, done.cause().toString());
                return;
            }
            Channel ch = done.channel();
            ch.writeAndFlush(ch.alloc().buffer().writeBytes(hello.encode()));
            if (auth != null) {
                p.authenticating = ch;
                startAuth(auth, step -> ((PeerHandler) ch.pipeline().get("peer")).learnerStep(ch, step));
                return;
            }
            helloSent(p, ch);
        });
    }

    /** Runs {@code auth}'s first step on an auth thread (inline when all are busy), its result on the loop. */
    private void startAuth(LearnerAuthHandshake auth, java.util.function.Consumer<AuthStep> then) {
        try {
            authStarts.execute(() -> {
                AuthStep first = auth.start();
                execute(() -> then.accept(first));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            then.accept(auth.start());
        }
    }

    /** A dialled connection said who we are (and authenticated where asked): keep it, or leave it to the larger sid. */
    private void helloSent(Peer p, Channel ch) {
        if (p.sid > opt.mySid()) {
            // the larger sid owns the connection: it has our address now and dials back
            LOG.info("Dialled sid {} (larger than ours, {}); it will dial back", p.sid, opt.mySid());
            // close once what we wrote is out: over TLS it waits for the handshake, which a bare close would cut
            // short (the peer would never read who we are, and never dial back)
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            install(p, ch, true);
        }
    }

    private void install(Peer p, Channel ch, boolean weDialled) {
        if (p.channel != null && p.channel != ch) {
            LOG.info("Replacing the election connection with sid {}", p.sid);
            p.channel.close();
        }
        p.channel = ch;
        connected.put(p.sid, weDialled);
        LOG.info("Election connection with sid {} up ({} -> {})", p.sid, ch.localAddress(), ch.remoteAddress());
        if (p.queue.isEmpty() && p.last != null) {
            write(ch, p.last); // the old connection may have lost it
        }
        drain(p);
    }

    private void drain(Peer p) {
        Channel ch = p.channel;
        while (ch != null && ch.isWritable() && !p.queue.isEmpty()) {
            byte[] b = p.queue.pollFirst();
            p.last = b;
            write(ch, b);
        }
        if (ch != null) {
            ch.flush();
        }
    }

    private static void write(Channel ch, byte[] payload) {
        ByteBuf buf = ch.alloc().buffer(4 + payload.length).writeInt(payload.length).writeBytes(payload);
        ch.write(buf);
    }

    private void forget(Peer p, Channel ch) {
        if (p.channel == ch) {
            p.channel = null;
            connected.remove(p.sid);
        }
    }

    private void onInitialMessage(PeerHandler h, Channel ch, InitialMessage m) {
        if (ch.pipeline().get("handshakeTimeout") != null) {
            ch.pipeline().remove("handshakeTimeout");
        }
        long sid = m.sid();
        if (sid == ElectionWire.OBSERVER_ID) {
            sid = nextObserverId--;
            LOG.info("Observer without an id connected from {}; calling it sid {}", ch.remoteAddress(), sid);
        }
        if (sid == opt.mySid()) {
            LOG.warn("Election connection from {} claims our own sid {}: two servers share a myid?",
                    ch.remoteAddress(), sid);
            ch.close();
            return;
        }
        Peer p = peer(sid);
        h.peer = p;
        if (p.configured.isEmpty() && sid >= 0) {
            // ZooKeeper talks to servers outside its view too (a reconfiguration in flight); the election decides
            LOG.info("sid {} at {} is not among the configured servers; talking to it anyway", sid,
                    ch.remoteAddress());
        }
        if (sid < opt.mySid()) {
            // the smaller sid believes it has no connection: drop ours too and dial back from the larger side
            LOG.info("Smaller sid {} dialled in from {}; hanging up and dialling back", sid, ch.remoteAddress());
            if (!m.electionAddresses().isEmpty()) {
                p.advertised = toAddresses(m.electionAddresses());
            }
            if (p.channel != null) {
                Channel old = p.channel;
                forget(p, old);
                old.close();
            }
            h.peer = null;
            ch.close();
            connect(p);
        } else {
            install(p, ch, false);
        }
    }

    private static List<InetSocketAddress> toAddresses(List<String> hostPorts) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String hp : hostPorts) {
            int colon = hp.lastIndexOf(':');
            String host = hp.substring(0, colon);
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            out.add(InetSocketAddress.createUnresolved(host, Integer.parseInt(hp.substring(colon + 1))));
        }
        return out;
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** One per connection: the handshake (initial message, quorum SASL), then payloads in, closing on bad input. */
    private final class PeerHandler extends ChannelInboundHandlerAdapter {
        Peer peer;
        /** Accepted connections when this member's SASL is on: what decides whether the dialler may stay. */
        private final ServerAuthHandshake server;
        /** Dialled connections that authenticate, until done. */
        private LearnerAuthHandshake learner;
        /** Accepted with SASL on: the dialler's initial message, acted on once the auth step let it through. */
        private InitialMessage pending;
        private boolean decided;

        PeerHandler(Peer peer, ServerAuthHandshake server, LearnerAuthHandshake learner) {
            this.peer = peer;
            this.server = server;
            this.learner = learner;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof InitialMessage m) {
                if (server == null) {
                    onInitialMessage(this, ctx.channel(), m);
                } else {
                    pending = m;
                }
            } else if (msg instanceof QuorumAuthPacket a) {
                if (server != null && pending != null && !decided) {
                    serverStep(ctx.channel(), server.packet(a));
                } else if (learner != null) {
                    learnerStep(ctx.channel(), learner.packet(a));
                }
            } else if (msg instanceof byte[] payload && peer != null) {
                deliver(peer.sid, payload);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ElectionFrameDecoder.FirstLong f && server != null && pending != null && !decided) {
                serverStep(ctx.channel(), server.firstLong(f.value()));
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        private void serverStep(Channel ch, AuthStep step) {
            if (step.reply() != null) {
                ch.writeAndFlush(ch.alloc().buffer().writeBytes(step.reply().encode()));
            }
            if (!step.finished()) {
                return;
            }
            decided = true;
            if (step.admitted()) {
                ((ElectionFrameDecoder) ch.pipeline().get("frames")).authFinished();
                LOG.info("Election connection from {} (sid {}): {}", ch.remoteAddress(), pending.sid(), step.detail());
                onInitialMessage(this, ch, pending);
            } else {
                LOG.warn("Refused election connection from {} (sid {}): {}", ch.remoteAddress(), pending.sid(),
                        step.detail());
                ch.close();
            }
        }

        void learnerStep(Channel ch, AuthStep step) {
            if (learner == null || !ch.isActive()) {
                return; // the connection closed while the first step was being computed
            }
            if (step.reply() != null) {
                ch.writeAndFlush(ch.alloc().buffer().writeBytes(step.reply().encode()));
            }
            if (!step.finished()) {
                return;
            }
            learner = null;
            if (peer.authenticating == ch) {
                peer.authenticating = null;
            }
            if (step.admitted()) {
                ((ElectionFrameDecoder) ch.pipeline().get("frames")).authFinished();
                if (ch.pipeline().get("handshakeTimeout") != null) {
                    ch.pipeline().remove("handshakeTimeout");
                }
                LOG.info("Election connection to sid {}: {}", peer.sid, step.detail());
                helloSent(peer, ch);
            } else {
                LOG.warn("Election connection to sid {} at {} closed: {}", peer.sid, ch.remoteAddress(),
                        step.detail());
                ch.close();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (peer != null && peer.channel == ctx.channel() && ctx.channel().isWritable()) {
                drain(peer);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (server != null) {
                if (pending != null && !decided) {
                    // the dialler said who it is and hung up (or timed out) without authenticating
                    decided = true;
                    AuthStep step = server.endedBeforeAuth("it hung up");
                    if (step.admitted() && pending.sid() < opt.mySid() && pending.sid() >= 0) {
                        onInitialMessage(this, ctx.channel(), pending); // dials the smaller sid back
                    } else if (!step.admitted()) {
                        LOG.warn("Election connection from {} (sid {}) refused: {}", ctx.channel().remoteAddress(),
                                pending.sid(), step.detail());
                    }
                }
                server.dispose();
            }
            if (learner != null) {
                learner.dispose();
                learner = null;
                if (peer.authenticating == ctx.channel()) {
                    peer.authenticating = null;
                    LOG.warn("Election connection to sid {} closed during quorum SASL", peer.sid);
                }
            }
            if (peer != null && peer.channel == ctx.channel()) {
                forget(peer, ctx.channel());
                LOG.info("Election connection with sid {} closed", peer.sid);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            String who = peer == null ? "unidentified peer" : "sid " + peer.sid;
            if (cause instanceof ElectionFrameDecoder.BadElectionInput) {
                LOG.warn("Closing election connection from {} ({}): {}", ctx.channel().remoteAddress(), who,
                        cause.getMessage());
            } else if (cause instanceof io.netty.handler.timeout.ReadTimeoutException) {
                LOG.warn("Closing election connection with {} ({}): no initial message or auth answer within {} ms",
                        ctx.channel().remoteAddress(), who, opt.handshakeTimeoutMs());
            } else {
                LOG.warn("Closing election connection with {} ({}): {}", ctx.channel().remoteAddress(), who,
                        cause.toString());
            }
            ctx.close();
        }
    }
}

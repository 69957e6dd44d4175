package dev.paddock.server.net;

import dev.paddock.server.OverloadSettings;
import dev.paddock.server.fourlw.FourLetterWordCommands;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client port: a Netty server ({@link NettyLoops}: epoll when available, NIO otherwise) whose channels run {@link PacketFrameDecoder} then {@link ClientChannelHandler}.
 *
 * <p>Two of the overload limits are socket options set here: {@code clientPortListenBacklog} (when positive) is
 * the listen backlog, and each connection's write-buffer water marks are {@code maxQueuedReplyBytes} (high) and
 * half of it (low), so a channel turns unwritable once that many reply bytes wait for a client that does not read
 * them, and writable again when it has read half.
 */
public final class ClientPortServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientPortServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final boolean ownsWorkers;
    private final ChannelGroup allChannels = new DefaultChannelGroup("paddock-clients", GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    private final String transport;
    private final ClientTls tls;
    private volatile boolean closed;

    /**
     * Binds the client port and starts serving it.
     *
     * @param limits its listen backlog and the per-connection reply-bytes limit are applied here
     */
    public static ClientPortServer bind(InetSocketAddress address, int juteMaxBuffer, OverloadSettings limits,
            CoreGateway core, ServerStats stats, ConnectionRegistry registry, FourLetterWordCommands fourLetterWords)
            throws IOException {
        return new ClientPortServer(address, juteMaxBuffer, limits, core, stats, registry, fourLetterWords, null,
                null, 0, null);
    }

    /**
     * As {@link #bind}, with TLS on every connection (or, with port unification, on those that start TLS) when
     * {@code tls} is given, and the connections' I/O on {@code io} when given (a group this server uses but does
     * not shut down: the core thread's own loop, see {@code paddock.clientPort.ioThreads}), else on
     * {@code ioThreads} threads of its own (0: Netty's default, twice the CPUs). With {@code settle} (the core
     * thread's loop) a plain connection served by those threads moves to it once its session sends a request (see
     * {@link NettyConnection#moveTo}); TLS connections stay where they are.
     */
    public static ClientPortServer bind(InetSocketAddress address, int juteMaxBuffer, OverloadSettings limits,
            CoreGateway core, ServerStats stats, ConnectionRegistry registry, FourLetterWordCommands fourLetterWords,
            ClientTls tls, EventLoopGroup io, int ioThreads, EventLoop settle) throws IOException {
        return new ClientPortServer(address, juteMaxBuffer, limits, core, stats, registry, fourLetterWords, tls, io,
                ioThreads, settle);
    }

    /** The water marks for a connection's queued reply bytes: high = {@code maxQueuedReplyBytes}, low = half. */
    static WriteBufferWaterMark waterMark(OverloadSettings limits) {
        int high = limits.connectionMaxQueuedReplyBytes();
        return new WriteBufferWaterMark(high / 2, high);
    }

    private ClientPortServer(InetSocketAddress address, int juteMaxBuffer, OverloadSettings limits, CoreGateway core,
            ServerStats stats, ConnectionRegistry registry, FourLetterWordCommands fourLetterWords, ClientTls tls,
            EventLoopGroup io, int ioThreads, EventLoop settle) throws IOException {
        this.tls = tls;
        EventLoop settleLoop = io == null && tls == null ? settle : null;
        boss = NettyLoops.group(1, "paddock-accept");
        ownsWorkers = io == null;
        workers = io != null ? io : NettyLoops.group(ioThreads, "paddock-io");
        Class<? extends ServerChannel> channelClass = NettyLoops.serverChannel();
        transport = NettyLoops.transport();
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelClass)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, NettyLoops.allocator())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, NettyLoops.allocator())
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // a client may half-close after a four-letter word (ZooKeeper's client does after "isro" when it
                // looks for a read-write server): the answer must still go out; see ClientChannelHandler
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(limits))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (closed) {
                            ch.close();
                            return;
                        }
                        allChannels.add(ch);
                        if (settleLoop != null) {
                            ch.pipeline().addLast("reads", new ReadGate()); // see NettyConnection#moveTo
                        }
                        ch.pipeline().addLast("frames", new PacketFrameDecoder(juteMaxBuffer));
                        ch.pipeline().addLast("client",
                                new ClientChannelHandler(core, stats, registry, fourLetterWords, tls, settleLoop));
                        if (tls != null) {
                            tls.install(ch.pipeline());
                        }
                    }
                });
        if (limits.effectiveListenBacklog() > 0) {
            b.option(ChannelOption.SO_BACKLOG, limits.effectiveListenBacklog());
        }
        ChannelFuture f = b.bind(address).awaitUninterruptibly();
        if (!f.isSuccess()) {
            shutdownGroups();
            Throwable cause = f.cause();
            IOException e = new IOException("cannot bind the " + (tls != null ? "secure " : "") + "client port "
                    + address + ": " + cause.getMessage(), cause);
            throw e;
        }
        serverChannel = f.channel();
        allChannels.add(serverChannel);
    }

    /** The address actually bound (the real port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public String transport() {
        return transport;
    }

    /** Whether connections on this port may be TLS. */
    public boolean secure() {
        return tls != null;
    }

    /** The listen backlog the server socket was bound with (Netty's default, the OS's somaxconn, when unset). */
    public int listenBacklog() {
        return serverChannel.config().getOption(ChannelOption.SO_BACKLOG);
    }

    /** Stops accepting, closes every client connection and stops the I/O threads. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        allChannels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
        LOG.debug("Client port closed");
    }

    private void shutdownGroups() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (ownsWorkers) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}

package dev.paddock.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and initialises Netty on a thread of its own while the main thread reads the configuration and recovers
 * the data directory. Netty's start-up (its native transport, buffer pool, channel ids, an event loop, channel
 * pipelines: some 700 classes) takes about 0.2 s of a cold JVM, and the data directory does not need it; with a
 * second core the two overlap. A restart with 100,000 znodes serves about 60 ms sooner on two cores; an empty
 * start, where recovery is short, gains nothing measurable.
 *
 * <p>{@code PaddockServer.startWithFaults} calls {@link #await()} once the data directory is recovered, before the
 * first Netty class is touched, so no class is initialised by both threads at once (Netty's static initialisers
 * refer to one another, and two threads initialising such a cycle from opposite ends could deadlock). Only the
 * server's {@code main} starts it, once per JVM; for servers embedded or started by tests {@link #await()}
 * returns at once. A failure here is only logged at debug:
 * the start-up proper meets the same problem and reports it.
 */
public final class NettyWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(NettyWarmup.class);
    private static final long CLOSE_WAIT_MS = 10_000;
    private static Thread thread;

    private NettyWarmup() {
    }

    /** Starts the warm-up, once per JVM; later calls do nothing. */
    public static synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(NettyWarmup::run, "paddock-netty-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the warm-up, if one was started, has ended; from then on this thread may use Netty. */
    public static void await() {
        Thread t;
        synchronized (NettyWarmup.class) {
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true; // going on before it ends would risk the deadlock described above
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a warm-up was started and has ended (tests). */
    static synchronized boolean finished() {
        return thread != null && !thread.isAlive();
    }

    private static void run() {
        long t0 = System.nanoTime();
        EventLoopGroup group = null;
        try {
            ByteBuf buf = NettyLoops.allocator().directBuffer(64);
            buf.writeLong(t0);
            buf.release();
            new ServerBootstrap().option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WriteBufferWaterMark.DEFAULT);
            group = NettyLoops.single("paddock-netty-warmup-loop");
            // registered with the loop, never bound or connected: the classes of both kinds of channel, no socket used
            warm(group, NettyLoops.serverChannel().getDeclaredConstructor().newInstance());
            warm(group, NettyLoops.epoll() ? new EpollSocketChannel() : new NioSocketChannel());
            LOG.debug("Netty warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception | LinkageError e) {
            LOG.debug("Netty's warm-up failed (the start-up proper will meet it): {}", e.toString());
        } finally {
            if (group != null) {
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(CLOSE_WAIT_MS);
            }
        }
    }

    private static void warm(EventLoopGroup group, Channel channel) {
        try {
            group.register(channel).syncUninterruptibly();
        } finally {
            channel.close().awaitUninterruptibly(CLOSE_WAIT_MS);
        }
    }
}

package dev.paddock.server.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.internal.PlatformDependent;
import java.util.concurrent.ThreadFactory;

/**
 * The Netty transport the client port and the core thread use: epoll when available, NIO otherwise
 * ({@code -Dpaddock.netty.transport=nio} forces NIO). Event-loop groups made here all have the same kind, so a
 * channel can be registered on any of them.
 */
public final class NettyLoops {
    private NettyLoops() {
    }

    public static boolean epoll() {
        return !"nio".equalsIgnoreCase(System.getProperty("paddock.netty.transport")) && Epoll.isAvailable();
    }

    /** A group of {@code threads} loops (0: Netty's default, twice the cores) of daemon threads named after {@code name}. */
    public static EventLoopGroup group(int threads, String name) {
        return group(threads, new DefaultThreadFactory(name, true));
    }

    /**
     * A single-loop group whose one thread is called exactly {@code name}, and which runs every queued task after
     * each pass over its channels' I/O (an I/O ratio of 100): the core's work, queued as tasks, is never put off
     * because many channels are busy, so a storm of connections cannot starve the requests already read.
     */
    public static EventLoopGroup single(String name) {
        ThreadFactory f = new DefaultThreadFactory(name, true) {
            @Override
            protected Thread newThread(Runnable r, String ignored) {
                return super.newThread(r, name);
            }
        };
        if (epoll()) {
            EpollEventLoopGroup g = new EpollEventLoopGroup(1, f);
            g.setIoRatio(100);
            return g;
        }
        NioEventLoopGroup g = new NioEventLoopGroup(1, f);
        g.setIoRatio(100);
        return g;
    }

    private static EventLoopGroup group(int threads, ThreadFactory factory) {
        return epoll() ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    /** The server-socket channel class for groups made here. */
    public static Class<? extends ServerChannel> serverChannel() {
        return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Chunk of the server's buffer pool: 8 KiB pages, 2^7 of them. */
    static final int POOL_MAX_ORDER = 7;

    private static final class Pool {
        static final ByteBufAllocator INSTANCE = create();

        private static ByteBufAllocator create() {
            if (System.getProperty("io.netty.allocator.maxOrder") != null) {
                return PooledByteBufAllocator.DEFAULT; // the operator chose Netty's chunk size
            }
            return new PooledByteBufAllocator(PlatformDependent.directBufferPreferred(),
                    PooledByteBufAllocator.defaultNumHeapArena(), PooledByteBufAllocator.defaultNumDirectArena(),
                    PooledByteBufAllocator.defaultPageSize(), POOL_MAX_ORDER, PooledByteBufAllocator.defaultSmallCacheSize(),
                    PooledByteBufAllocator.defaultNormalCacheSize(), PooledByteBufAllocator.defaultUseCacheForAllThreads());
        }
    }

    /**
     * The buffer pool of the server's channels: Netty's pooled allocator with chunks of 1 MiB instead of Netty's
     * 4 MiB. Each Netty arena (twice the cores) takes a chunk as soon as a thread bound to it allocates, and the
     * JDK zeroes direct memory when it allocates it, so 4 MiB chunks made an idle server on two cores 12 MiB
     * larger in RSS; replies and requests are small, and the rare one above 1 MiB is allocated on its own, as
     * Netty does with anything above a chunk. {@code -Dio.netty.allocator.maxOrder} set by the operator keeps
     * Netty's own pool.
     */
    public static ByteBufAllocator allocator() {
        return Pool.INSTANCE;
    }

    public static String transport() {
        return epoll() ? "epoll" : "nio";
    }
}

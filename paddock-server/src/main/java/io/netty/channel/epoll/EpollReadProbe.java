package io.netty.channel.epoll;

import io.netty.channel.Channel;

/**
 * Paddock's one look inside Netty's epoll transport (hence this package): whether a channel has a read pass queued
 * on its event loop. Netty queues one when a pass stops before the socket is drained, and that pass reads on the
 * loop it was queued on, whether or not the channel is still registered there. A connection moving to another loop
 * ({@code dev.paddock.server.net.NettyConnection#moveTo}) joins its new loop only once none is queued, so that no
 * two threads ever read its socket. Call it on the channel's event loop. Netty's version is pinned in the root pom;
 * an upgrade that renames the flag fails to compile here.
 */
public final class EpollReadProbe {
    private EpollReadProbe() {
    }

    /** True if {@code channel} uses epoll and has a read pass queued on its loop; false for other transports. */
    public static boolean readPassQueued(Channel channel) {
        return channel instanceof AbstractEpollChannel c && c.epollInReadyRunnablePending;
    }
}

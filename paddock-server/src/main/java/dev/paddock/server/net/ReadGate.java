package dev.paddock.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * First in a connection's pipeline when the connection may move to the core thread's loop: while held, it keeps
 * read requests (a channel's next read, asked for after each pass or by the frame decoder) from reaching the socket,
 * so that the loop the connection is leaving starts no new read pass; on release, on the new loop, a withheld
 * request goes on. Used only from the channel's current event loop.
 */
final class ReadGate extends ChannelOutboundHandlerAdapter {
    private ChannelHandlerContext ctx;
    private boolean held;
    private boolean withheld;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (held) {
            withheld = true;
            return;
        }
        ctx.read();
    }

    void hold() {
        held = true;
    }

    void release() {
        held = false;
        if (withheld) {
            withheld = false;
            ctx.read();
        }
    }
}

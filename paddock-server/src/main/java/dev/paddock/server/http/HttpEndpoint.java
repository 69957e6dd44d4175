package dev.paddock.server.http;

import dev.paddock.server.net.ClientTls;
import dev.paddock.server.net.NettyLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server on Netty: reads each request in full, hands it to the first route that matches its
 * path, writes the answer. Used by the admin server (commands, console) and the metrics endpoint. A bad request
 * gets a 4xx answer; a route's failure a 500; neither harms the server.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

    private final String name;
    private final EventLoopGroup group;
    private final Channel channel;

    private HttpEndpoint(String name, EventLoopGroup group, Channel channel) {
        this.name = name;
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds {@code address} (port 0: an ephemeral one).
     *
     * @param name          for logs and thread names, e.g. "admin"
     * @param idleTimeoutMs a connection idle this long is closed
     * @param maxBodyBytes  a request body larger than this is refused with 413
     */
    public static HttpEndpoint bind(String name, InetSocketAddress address, List<HttpRoute> routes, long idleTimeoutMs,
            int maxBodyBytes) throws IOException {
        return bind(name, address, routes, idleTimeoutMs, maxBodyBytes, null);
    }

    /** As {@link #bind}, serving HTTPS as {@code tls} says (null: plain HTTP only). */
    public static HttpEndpoint bind(String name, InetSocketAddress address, List<HttpRoute> routes, long idleTimeoutMs,
            int maxBodyBytes, ClientTls tls) throws IOException {
        List<HttpRoute> table = List.copyOf(routes);
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("paddock-" + name + "-http", true));
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.ALLOCATOR, NettyLoops.allocator())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, idleTimeoutMs, TimeUnit.MILLISECONDS))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(maxBodyBytes))
                                .addLast(new Dispatcher(name, table));
                        if (tls != null) {
                            tls.install(ch.pipeline());
                        }
                    }
                });
        try {
            Channel ch = b.bind(address).sync().channel();
            return new HttpEndpoint(name, group, ch);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("cannot bind the " + name + " HTTP server to " + address + ": " + e.getMessage(), e);
        } 
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        LOG.info("{} HTTP server on port {} stopped", name, localAddress().getPort());
    }

    /** Turns Netty's request into an {@link HttpCall}, runs the route, writes its {@link HttpReply}. */
    private static final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final String name;
        private final List<HttpRoute> routes;

        Dispatcher(String name, List<HttpRoute> routes) {
            this.name = name;
            this.routes = routes;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!req.decoderResult().isSuccess()) {
                write(ctx, HttpReply.text(400, "Bad request: " + req.decoderResult().cause() + "\n"), false);
                return;
            }
            QueryStringDecoder uri = new QueryStringDecoder(req.uri());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Map.Entry<String, String> h : req.headers()) {
                headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
            }
            byte[] body = new byte[req.content().readableBytes()];
            req.content().readBytes(body);
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            HttpCall call = new HttpCall(req.method().name(), uri.path(), uri.parameters(), headers, body,
                    (InetSocketAddress) ctx.channel().remoteAddress(), ssl == null ? null : ssl.engine().getSession());
            HttpRoute route = routes.stream().filter(r -> r.matches(call.path())).findFirst().orElse(null);
            if (route == null) {
                write(ctx, HttpReply.text(404, "Not found: " + call.path() + "\n"), keepAlive);
                return;
            }
            CompletableFuture<HttpReply> answer;
            try {
                answer = route.handle(call);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((reply, error) -> {
                if (error != null) {
                    LOG.warn("{} HTTP {} {} failed: {}", name, call.method(), call.path(), error.toString(), error);
                    reply = HttpReply.text(500, "Internal error: " + error.getMessage() + "\n");
                }
                HttpReply r = reply;
                ctx.executor().execute(() -> write(ctx, r, keepAlive));
            });
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("{} HTTP connection from {} failed: {}", name, ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }

        private static void write(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
            FullHttpResponse res = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
            if (reply.contentType() != null && !reply.contentType().isEmpty()) {
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
            }
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
            reply.headers().forEach((k, v) -> res.headers().set(k, v));
            if (keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}

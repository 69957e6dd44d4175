package dev.paddock.server.net;

import dev.paddock.jute.data.Id;
import dev.paddock.security.tls.TlsConfigException;
import dev.paddock.security.tls.TlsContext;
import dev.paddock.server.fourlw.FourLetterWord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on a port clients connect to (the client port; the admin port reuses it): the Netty handlers put in front
 * of the frame decoder, and the x509 ids a finished handshake proves.
 *
 * <p>A TLS-only port gets an {@link SslHandler} (JDK engine from the current {@link TlsContext}, or BoringSSL
 * through netty-tcnative with the same key and trust managers when {@code ssl.sslProvider=OPENSSL}). A unified port
 * gets a detector that looks at the first bytes: a TLS record header installs the {@link SslHandler}, anything
 * else (a plain connect request, a four-letter word) goes on in plain text, as ZooKeeper's dual-mode handler.
 * A failed handshake, a plain-text client on a TLS-only port, a bad or expired certificate: one WARN line with the
 * remote address, and the connection closes.
 */
public final class ClientTls {
    private static final Logger LOG = LoggerFactory.getLogger(ClientTls.class);
    private static final int TLS_RECORD_HEADER = 5;

    private final Supplier<TlsContext> context;
    private final boolean plainToo;
    private final String superUser;
    private final boolean openSsl;
    /** The OpenSSL context built for {@link #nettyFor} (rebuilt when a reload brings a new TlsContext). */
    private TlsContext nettyFor;
    private SslContext netty;

    /**
     * @param context   the current context (it changes when the stores are reloaded)
     * @param plainToo  port unification: plain-text clients are served too
     * @param superUser the certificate subject that also gets the {@code super} id, or null
     */
    public ClientTls(Supplier<TlsContext> context, boolean plainToo, String superUser) {
        this(context, plainToo, superUser, false);
    }

    /**
     * @param openSsl BoringSSL (netty-tcnative) instead of the JDK's engine; when it cannot load, one WARN line
     *                and the JDK's engine
     * @throws TlsConfigException when the OpenSSL context cannot be built from the stores
     */
    public ClientTls(Supplier<TlsContext> context, boolean plainToo, String superUser, boolean openSsl) {
        this.context = context;
        this.plainToo = plainToo;
        this.superUser = superUser;
        if (openSsl && !OpenSsl.isAvailable()) {
            LOG.warn("ssl.sslProvider=OPENSSL but netty-tcnative cannot load ({}); using the JDK's TLS",
                    String.valueOf(OpenSsl.unavailabilityCause()));
            openSsl = false;
        }
        this.openSsl = openSsl;
        if (openSsl) {
            openSslContext(context.get()); // bad stores or settings fail the start, not the first connection
        }
    }

    /** "OPENSSL (BoringSSL ...)" or "JDK": what the handshakes run on. */
    public String provider() {
        return openSsl ? "OPENSSL (" + OpenSsl.versionString() + ")" : "JDK";
    }

    /** Adds the TLS handlers at the front of a new channel's pipeline. */
    public void install(ChannelPipeline p) {
        if (plainToo) {
            p.addFirst("tls-detect", new Detector());
        } else {
            p.addFirst("tls-events", new Events());
            p.addFirst("tls", newSslHandler(p.channel().alloc()));
        }
    }

    private SslHandler newSslHandler(ByteBufAllocator alloc) {
        TlsContext ctx = context.get();
        return openSsl ? openSslContext(ctx).newHandler(alloc) : new SslHandler(ctx.serverEngine());
    }

    private synchronized SslContext openSslContext(TlsContext ctx) {
        if (nettyFor != ctx) {
            SslContextBuilder b = SslContextBuilder.forServer(ctx.keyManager()).trustManager(ctx.trustManager())
                    .sslProvider(SslProvider.OPENSSL).protocols(ctx.enabledProtocols());
            switch (ctx.settings().clientAuth()) {
                case NEED -> b.clientAuth(io.netty.handler.ssl.ClientAuth.REQUIRE);
                case WANT -> b.clientAuth(io.netty.handler.ssl.ClientAuth.OPTIONAL);
                default -> b.clientAuth(io.netty.handler.ssl.ClientAuth.NONE);
            }
            if (ctx.cipherSuites() != null) {
                b.ciphers(java.util.Arrays.asList(ctx.cipherSuites()));
            }
            try {
                netty = b.build();
            } catch (SSLException | RuntimeException e) {
                throw new TlsConfigException(ctx.settings().key("sslProvider") + "=OPENSSL: cannot build the TLS "
                        + "context (" + e.getMessage() + ")", e);
            }
            nettyFor = ctx;
        }
        return netty;
    }

    /** The x509 ids (see {@link X509Ids}) of a connection whose handshake is done; empty for plain text. */
    List<Id> authIds(ChannelPipeline p) {
        SslHandler ssl = p.get(SslHandler.class);
        return ssl == null ? List.of() : X509Ids.of(ssl.engine().getSession(), superUser);
    }

    /** Unified port: decides TLS or plain from the first bytes, then steps out of the pipeline. */
    private final class Detector extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() >= 4 && FourLetterWord.byCode(in.getInt(in.readerIndex())) != null) {
                plain(ctx); // "ruok" is only four bytes: never wait for a fifth
                return;
            }
            if (in.readableBytes() < TLS_RECORD_HEADER) {
                return;
            }
            if (SslHandler.isEncrypted(in)) {
                ctx.pipeline().addAfter(ctx.name(), "tls-events", new Events());
                ctx.pipeline().addAfter(ctx.name(), "tls", newSslHandler(ctx.alloc()));
            }
            plain(ctx);
        }

        private void plain(ChannelHandlerContext ctx) {
            ctx.pipeline().remove(this); // hands the bytes read so far to the next handler
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.fireExceptionCaught(cause);
        }
    }

    /** One WARN line per failed handshake or TLS error, then the connection closes. */
    private static final class Events extends ChannelInboundHandlerAdapter {
        private boolean reported;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent) {
                SslHandshakeCompletionEvent e = (SslHandshakeCompletionEvent) evt;
                if (!e.isSuccess()) {
                    fail(ctx, e.cause());
                    return;
                }
                LOG.debug("TLS handshake with {} done", ctx.channel().remoteAddress());
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (isTls(cause)) {
                fail(ctx, cause);
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }

        private void fail(ChannelHandlerContext ctx, Throwable cause) {
            if (!reported) {
                reported = true;
                LOG.warn("TLS handshake with {} failed: {}; closing the connection", ctx.channel().remoteAddress(),
                        describe(cause));
            }
            ctx.close();
        }

        private static boolean isTls(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof SSLException || c instanceof NotSslRecordException) {
                    return true;
                }
            }
            return false;
        }

        private static String describe(Throwable t) {
            Throwable c = t instanceof DecoderException && t.getCause() != null ? t.getCause() : t;
            if (c instanceof NotSslRecordException) {
                return "not a TLS record (a plain-text client on a TLS-only port?)";
            }
            Throwable root = c;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root == c || String.valueOf(c.getMessage()).contains(String.valueOf(root.getMessage()))
                    ? String.valueOf(c.getMessage()) : root.getMessage() + " (" + c.getClass().getSimpleName() + ")";
        }
    }
}

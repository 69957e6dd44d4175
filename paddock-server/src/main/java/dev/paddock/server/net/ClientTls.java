package dev.paddock.server.net;

import dev.paddock.jute.data.Id;
import dev.paddock.security.tls.TlsContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import dev.paddock.server.fourlw.FourLetterWord;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on a client port: the Netty handlers put in front of the frame decoder, and the x509 ids a finished
 * handshake proves.
 *
 * <p>A TLS-only port gets an {@link SslHandler} (JDK engine from the current {@link TlsContext}). A unified port
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

    /**
     * @param context   the current context (it changes when the stores are reloaded)
     * @param plainToo  port unification: plain-text clients are served too
     * @param superUser the certificate subject that also gets the {@code super} id, or null
     */
    public ClientTls(Supplier<TlsContext> context, boolean plainToo, String superUser) {
        this.context = context;
        this.plainToo = plainToo;
        this.superUser = superUser;
    }

    /** Adds the TLS handlers at the front of a new channel's pipeline. */
    void install(ChannelPipeline p) {
        if (plainToo) {
            p.addFirst("tls-detect", new Detector());
        } else {
            p.addFirst("tls-events", new Events());
            p.addFirst("tls", newSslHandler());
        }
    }

    private SslHandler newSslHandler() {
        return new SslHandler(context.get().serverEngine());
    }

    /**
     * The ids ZooKeeper's x509 provider gives a connection whose handshake finished: {@code x509:<subject DN>}
     * (RFC 2253, as {@code X500Principal.getName()}), and {@code super:<subject>} first when it is the super
     * user. Empty for a plain connection or a TLS client that sent no certificate.
     */
    List<Id> authIds(ChannelPipeline p) {
        SslHandler ssl = p.get(SslHandler.class);
        if (ssl == null) {
            return List.of();
        }
        SSLSession session = ssl.engine().getSession();
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return List.of(); // clientAuth=want/none and no certificate: no x509 id, as in ZooKeeper
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            return List.of();
        }
        String subject = ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
        List<Id> ids = new ArrayList<>(2);
        if (subject.equals(superUser)) {
            ids.add(new Id("super", subject));
        }
        ids.add(new Id("x509", subject));
        return ids;
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
                ctx.pipeline().addAfter(ctx.name(), "tls", newSslHandler());
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

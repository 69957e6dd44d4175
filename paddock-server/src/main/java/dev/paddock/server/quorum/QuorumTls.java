package dev.paddock.server.quorum;

import dev.paddock.security.tls.TlsContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS between ensemble members, as ZooKeeper 3.9 runs it: with {@code sslQuorum} a member dials every peer over
 * TLS (election and quorum ports) and its listeners take TLS only; {@code portUnification} makes its listeners take
 * TLS and plain text alike (told apart by the first 5 bytes, a TLS record header or not), for rolling upgrades.
 * Both ends check the other's certificate (clientAuth, need by default) and, with {@code hostnameVerification} on,
 * that it names the peer's address: ZooKeeper's quorum checks the host of clients too. A plain-text peer on a
 * TLS-only port, or one whose certificate fails, is closed with one WARN line.
 */
public final class QuorumTls {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumTls.class);
    private static final int TLS_RECORD_HEADER = 5;

    /** Plain text everywhere (ZooKeeper's default). */
    public static final QuorumTls NONE = new QuorumTls(null, false, false, 0);

    private final Supplier<TlsContext> context;
    private final boolean dialTls;
    private final boolean acceptPlain;
    private final int detectionTimeoutMs;

    private QuorumTls(Supplier<TlsContext> context, boolean dialTls, boolean acceptPlain, int detectionTimeoutMs) {
        this.context = context;
        this.dialTls = dialTls;
        this.acceptPlain = acceptPlain;
        this.detectionTimeoutMs = detectionTimeoutMs;
    }

    /**
     * @param context          the current context ({@code TlsContext.forQuorum}; a reloader's when the stores are
     *                         watched)
     * @param sslQuorum        dial over TLS; without portUnification, accept TLS only
     * @param portUnification  accept plain text too
     */
    public static QuorumTls of(Supplier<TlsContext> context, boolean sslQuorum, boolean portUnification) {
        if (!sslQuorum && !portUnification) {
            return NONE;
        }
        return new QuorumTls(context, sslQuorum, portUnification,
                context.get().settings().handshakeDetectionTimeoutMillis());
    }

    /** Whether this member dials over TLS. */
    public boolean dialsTls() {
        return dialTls;
    }

    /** Whether accepted connections may be TLS (and so are looked at before anything else). */
    public boolean acceptsTls() {
        return context != null;
    }

    @Override
    public String toString() {
        if (context == null) {
            return "no quorum TLS";
        }
        return (dialTls ? "TLS to peers" : "plain text to peers") + ", accepting "
                + (acceptPlain ? "TLS and plain text (portUnification)" : "TLS only");
    }

    // ---- Netty (election port)

    /** A dialled channel: TLS first in the pipeline when this member dials TLS. */
    void installDialled(ChannelPipeline p, InetSocketAddress peer) {
        if (dialTls) {
            p.addFirst("tls", new SslHandler(context.get().clientEngine(peer.getHostString(), peer.getPort())));
        }
    }

    /** An accepted channel: TLS, or a detector choosing TLS or plain from the first bytes. */
    void installAccepted(ChannelPipeline p, InetSocketAddress remote) {
        if (context == null) {
            return;
        }
        if (acceptPlain) {
            p.addFirst("tls-detect", new Detector(remote));
        } else {
            p.addFirst("tls", new SslHandler(serverEngine(remote)));
        }
    }

    /** A server engine that knows the peer's address, so that the peer's certificate can be checked against it. */
    private SSLEngine serverEngine(InetSocketAddress remote) {
        TlsContext c = context.get();
        SSLEngine e = c.sslContext().createSSLEngine(remote.getAddress().getHostAddress(), remote.getPort());
        e.setUseClientMode(false);
        e.setSSLParameters(c.serverEngine().getSSLParameters());
        return e;
    }

    /** portUnification: a TLS record header installs TLS, anything else goes on in plain text. */
    private final class Detector extends ByteToMessageDecoder {
        private final InetSocketAddress remote;

        Detector(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < TLS_RECORD_HEADER) {
                return;
            }
            if (SslHandler.isEncrypted(in)) {
                ctx.pipeline().addAfter(ctx.name(), "tls", new SslHandler(serverEngine(remote)));
            } else {
                LOG.info("Accepted a plain-text quorum connection from {} (portUnification)", remote);
            }
            ctx.pipeline().remove(this); // hands what was read to the next handler
        }
    }

    // ---- blocking sockets (quorum port)

    /** A learner's connected socket: TLS layered over it (handshake done) when this member dials TLS. */
    Socket dialled(Socket plain, InetSocketAddress peer) throws IOException {
        if (!dialTls) {
            return plain;
        }
        SSLSocket s = context.get().clientSocket(plain, peer.getHostString(), peer.getPort());
        LOG.info("Quorum port: TLS with {} ({}, {})", peer, s.getSession().getProtocol(), s.getSession()
                .getCipherSuite());
        return s;
    }

    /** An accepted socket and the stream to read it through (bytes looked at to tell TLS from plain put back). */
    record Accepted(Socket socket, InputStream input) {
    }

    /**
     * A leader's accepted socket: TLS when the peer speaks it (handshake done), plain when allowed.
     *
     * @throws IOException a plain-text peer on a TLS-only port, or a failed handshake
     */
    Accepted accepted(Socket plain) throws IOException {
        if (context == null) {
            return new Accepted(plain, plain.getInputStream());
        }
        byte[] head = new byte[TLS_RECORD_HEADER];
        int n = 0;
        int old = plain.getSoTimeout();
        plain.setSoTimeout(detectionTimeoutMs);
        try {
            while (n < head.length) {
                int r = plain.getInputStream().read(head, n, head.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (SocketTimeoutException e) {
            // fewer bytes than a TLS record header within the timeout: not TLS
        } finally {
            plain.setSoTimeout(old);
        }
        if (n == head.length && SslHandler.isEncrypted(Unpooled.wrappedBuffer(head))) {
            TlsContext c = context.get();
            SSLSocket s = (SSLSocket) c.sslContext().getSocketFactory().createSocket(plain,
                    new ByteArrayInputStream(head), true);
            s.setUseClientMode(false);
            s.setSSLParameters(c.serverEngine().getSSLParameters());
            s.startHandshake();
            LOG.info("Quorum port: TLS from {} ({}, {})", plain.getRemoteSocketAddress(),
                    s.getSession().getProtocol(), s.getSession().getCipherSuite());
            return new Accepted(s, s.getInputStream());
        }
        if (!acceptPlain) {
            throw new IOException("a plain-text connection on a TLS-only quorum port (sslQuorum without "
                    + "portUnification)");
        }
        QuorumPortAuth.Prefixed in = new QuorumPortAuth.Prefixed(plain.getInputStream());
        in.putBack(head, n);
        return new Accepted(plain, in);
    }
}

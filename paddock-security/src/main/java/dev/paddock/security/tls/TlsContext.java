package dev.paddock.security.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A JDK {@link SSLContext} built from {@link TlsSettings}, and the engines and sockets it hands out configured as
 * the settings say (protocols, cipher suites, client auth). Immutable: {@link TlsContextReloader} builds a new one
 * when the store files change.
 */
public final class TlsContext {
    private final TlsSettings settings;
    private final X509ExtendedKeyManager keyManager;
    private final X509ExtendedTrustManager trustManager;
    private final SSLContext context;
    /** fips-mode: a client checks the server's name the HTTPS way (the JDK's endpoint identification). */
    private final boolean httpsEndpointCheck;

    /**
     * @param verifyClientHost a server side that checks its clients' hosts (the quorum) when fips-mode is off
     * @param client           a client context: with fips-mode its host check is the JDK's HTTPS one
     */
    private TlsContext(TlsSettings settings, boolean verifyClientHost, boolean client) {
        this.settings = settings;
        this.keyManager = KeyStores.keyManager(settings);
        boolean zkHostCheck = !settings.fipsMode();
        this.trustManager = KeyStores.trustManager(settings, zkHostCheck && settings.hostnameVerification(),
                zkHostCheck && verifyClientHost);
        this.httpsEndpointCheck = client && settings.fipsMode() && settings.hostnameVerification();
        try {
            context = SSLContext.getInstance(settings.protocol());
            context.init(keyManager == null ? null : new KeyManager[] {keyManager},
                    new TrustManager[] {trustManager}, null);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(settings.key("protocol") + "=" + settings.protocol() + ": " + e.getMessage(),
                    e);
        }
        checkNames(settings);
    }

    /**
     * The context of a server port whose clients are not host-checked (the client port, the admin port); it
     * needs a key store.
     */
    public static TlsContext forServer(TlsSettings settings) {
        if (!settings.hasKeyStore()) {
            throw new TlsConfigException(settings.key("keyStore.location") + " is not set: a TLS server needs one");
        }
        return new TlsContext(settings, false, false);
    }

    /**
     * The context of a quorum member: with fips-mode off both sides check the peer's host when
     * hostnameVerification is on; with fips-mode on (ZooKeeper's default) neither does, as ZooKeeper's quorum.
     */
    public static TlsContext forQuorum(TlsSettings settings) {
        if (!settings.hasKeyStore()) {
            throw new TlsConfigException(settings.key("keyStore.location") + " is not set: quorum TLS needs one");
        }
        return new TlsContext(settings, settings.hostnameVerification(), false);
    }

    /**
     * The context of a client: it checks the server's host name when hostnameVerification is on (the HTTPS way
     * with fips-mode, ZooKeeper's way without).
     */
    public static TlsContext forClient(TlsSettings settings) {
        return new TlsContext(settings, false, true);
    }

    public TlsSettings settings() {
        return settings;
    }

    public SSLContext sslContext() {
        return context;
    }

    /** Null when there is no key store. */
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /** The protocols to enable: {@code enabledProtocols}, or {@code protocol} alone when that is unset. */
    public String[] enabledProtocols() {
        return settings.enabledProtocols().isEmpty() ? new String[] {settings.protocol()}
                : settings.enabledProtocols().toArray(new String[0]);
    }

    /** The cipher suites to enable, or null for the JDK's defaults. */
    public String[] cipherSuites() {
        return settings.cipherSuites().isEmpty() ? null : settings.cipherSuites().toArray(new String[0]);
    }

    /** A server-side engine: client auth as {@code clientAuth} says. */
    public SSLEngine serverEngine() {
        SSLEngine e = context.createSSLEngine();
        e.setUseClientMode(false);
        e.setSSLParameters(parameters(e.getSSLParameters(), false));
        return e;
    }

    /** A client-side engine for a server at host:port (the host is what the server's certificate must name). */
    public SSLEngine clientEngine(String host, int port) {
        SSLEngine e = context.createSSLEngine(host, port);
        e.setUseClientMode(true);
        e.setSSLParameters(parameters(e.getSSLParameters(), true));
        return e;
    }

    /**
     * Layers a client TLS socket over a connected plain one and completes the handshake; on failure the plain
     * socket is closed.
     */
    public SSLSocket clientSocket(Socket plain, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        try {
            s.setUseClientMode(true);
            s.setSSLParameters(parameters(s.getSSLParameters(), true));
            s.startHandshake();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private SSLParameters parameters(SSLParameters p, boolean client) {
        p.setProtocols(enabledProtocols());
        String[] ciphers = cipherSuites();
        if (ciphers != null) {
            p.setCipherSuites(ciphers);
        }
        if (client && httpsEndpointCheck) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!client) {
            switch (settings.clientAuth()) {
                case NEED:
                    p.setNeedClientAuth(true);
                    break;
                case WANT:
                    p.setWantClientAuth(true);
                    break;
                default:
                    p.setNeedClientAuth(false);
                    p.setWantClientAuth(false);
            }
        }
        return p;
    }

    /** Unknown protocol or cipher names fail here, naming the key, rather than at the first handshake. */
    private void checkNames(TlsSettings s) {
        SSLParameters supported = context.getSupportedSSLParameters();
        java.util.List<String> protocols = java.util.Arrays.asList(supported.getProtocols());
        for (String p : s.enabledProtocols()) {
            if (!protocols.contains(p)) {
                throw new TlsConfigException(s.key("enabledProtocols") + ": " + p + " is not supported (supported: "
                        + protocols + ")");
            }
        }
        java.util.List<String> ciphers = java.util.Arrays.asList(supported.getCipherSuites());
        for (String c : s.cipherSuites()) {
            if (!ciphers.contains(c)) {
                throw new TlsConfigException(s.key("ciphersuites") + ": " + c + " is not supported by this JDK");
            }
        }
    }
}

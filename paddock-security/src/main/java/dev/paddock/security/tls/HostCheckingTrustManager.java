package dev.paddock.security.tls;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's trust check, then ZooKeeper's host check: the peer's certificate must name the peer's IP address
 * (subjectAltName IP entry) or, failing that, its host name (subjectAltName DNS entry, a leading "*." wildcard
 * matching one label, or the subject CN when there are no DNS entries). A client checks the server when
 * {@code hostnameVerification} is on; a server checks its clients only where ZooKeeper does (the quorum).
 */
final class HostCheckingTrustManager extends X509ExtendedTrustManager {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private final X509ExtendedTrustManager delegate;
    private final boolean verifyServerHost;
    private final boolean verifyClientHost;

    HostCheckingTrustManager(X509ExtendedTrustManager delegate, boolean verifyServerHost, boolean verifyClientHost) {
        this.delegate = delegate;
        this.verifyServerHost = verifyServerHost;
        this.verifyClientHost = verifyClientHost;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
        if (verifyClientHost && socket != null) {
            verifyHost(socket.getInetAddress(), chain[0]);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
        if (verifyServerHost && socket != null) {
            verifyHost(socket.getInetAddress(), chain[0]);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
        if (verifyClientHost && engine != null) {
            verifyHost(engine.getPeerHost(), chain[0]);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
        if (verifyServerHost && engine != null) {
            verifyHost(engine.getPeerHost(), chain[0]);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private static void verifyHost(String peerHost, X509Certificate cert) throws CertificateException {
        if (peerHost == null) {
            throw new CertificateException("cannot verify the host name: the peer's host is unknown");
        }
        try {
            verifyHost(InetAddress.getByName(peerHost), cert);
        } catch (UnknownHostException e) {
            throw new CertificateException("cannot verify the host name: unknown host " + peerHost, e);
        }
    }

    private static void verifyHost(InetAddress peer, X509Certificate cert) throws CertificateException {
        if (peer == null) {
            throw new CertificateException("cannot verify the host name: the peer's address is unknown");
        }
        String ip = peer.getHostAddress();
        if (names(cert, ip)) {
            return;
        }
        String host = peer.getHostName(); // a reverse lookup when the address came without a name
        if (!host.equals(ip) && names(cert, host)) {
            return;
        }
        throw new CertificateException("the certificate of " + cert.getSubjectX500Principal().getName()
                + " names neither " + ip + " nor " + host);
    }

    /** Whether the certificate names {@code host} (an IP literal or a DNS name). */
    static boolean names(X509Certificate cert, String host) throws CertificateParsingException {
        boolean isIp = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        boolean anyDns = false;
        if (sans != null) {
            for (List<?> san : sans) {
                int kind = (Integer) san.get(0);
                String value = String.valueOf(san.get(1));
                if (kind == SAN_IP && isIp && sameAddress(value, host)) {
                    return true;
                }
                if (kind == SAN_DNS) {
                    anyDns = true;
                    if (!isIp && dnsMatches(value, host)) {
                        return true;
                    }
                }
            }
        }
        if (!anyDns && !isIp) {
            String cn = commonName(cert);
            return cn != null && dnsMatches(cn, host);
        }
        return false;
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean dnsMatches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1));
        }
        return p.equals(h);
    }

    private static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}

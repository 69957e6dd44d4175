package dev.paddock.server.net;

import dev.paddock.jute.data.Id;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * ZooKeeper's x509 authentication provider, for a TLS session whose handshake (and so the trust check) is done:
 * the client certificate's subject DN (RFC 2253, {@code X500Principal.getName()}) becomes an {@code x509} id, and
 * the subject named by {@code X509AuthenticationProvider.superUser} also gets {@code super}.
 */
public final class X509Ids {
    private X509Ids() {
    }

    /** The ids; empty for a null session or one where the client sent no certificate. */
    public static List<Id> of(SSLSession session, String superUser) {
        if (session == null) {
            return List.of();
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
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
}

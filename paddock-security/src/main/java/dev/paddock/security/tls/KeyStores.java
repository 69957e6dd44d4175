package dev.paddock.security.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.util.List;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Loads the key and trust stores a {@link TlsSettings} names (JKS, PKCS12 or PEM) into the JDK's key and trust
 * managers. A missing file, a wrong password or a bad type is a {@link TlsConfigException} naming the key.
 */
public final class KeyStores {
    private KeyStores() {
    }

    /** Reads a store file; {@code key} is the location's setting, for error messages. */
    public static KeyStore load(String key, String location, String password, StoreType type) {
        Path file = Path.of(location);
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try {
            if (type == StoreType.PEM) {
                return pem(Files.readString(file, StandardCharsets.US_ASCII), pw);
            }
            KeyStore ks = KeyStore.getInstance(type.name());
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, pw);
            }
            return ks;
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(key + "=" + location + ": no such file");
        } catch (IOException | GeneralSecurityException e) {
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException
                    ? "wrong password" : e.getMessage();
            throw new TlsConfigException(key + "=" + location + ": cannot read it as " + type + " (" + why + ")", e);
        }
    }

    /** A key store of one entry ("key", the private key and the certificates) or of trusted certificates. */
    private static KeyStore pem(String text, char[] password) throws GeneralSecurityException, IOException {
        List<Certificate> certs = PemFiles.certificates(text);
        PrivateKey key = PemFiles.privateKey(text, password);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        if (key != null) {
            if (certs.isEmpty()) {
                throw new GeneralSecurityException("a private key but no certificate");
            }
            ks.setKeyEntry("key", key, password, certs.toArray(new Certificate[0]));
        } else {
            if (certs.isEmpty()) {
                throw new GeneralSecurityException("no certificate in it");
            }
            for (int i = 0; i < certs.size(); i++) {
                ks.setCertificateEntry("cert-" + i, certs.get(i));
            }
        }
        return ks;
    }

    /** The key manager of the settings' key store, or null when none is set. */
    public static X509ExtendedKeyManager keyManager(TlsSettings s) {
        if (!s.hasKeyStore()) {
            return null;
        }
        String key = s.key("keyStore.location");
        StoreType type = StoreType.of(s.key("keyStore.type"), s.keyStoreType(), s.keyStoreLocation());
        KeyStore ks = load(key, s.keyStoreLocation(), s.keyStorePassword(), type);
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, s.keyStorePassword().toCharArray());
            for (KeyManager km : kmf.getKeyManagers()) {
                if (km instanceof X509ExtendedKeyManager) {
                    return (X509ExtendedKeyManager) km;
                }
            }
            throw new TlsConfigException(key + "=" + s.keyStoreLocation() + ": no X.509 key manager for it");
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(key + "=" + s.keyStoreLocation() + ": cannot use its key ("
                    + e.getMessage() + "; is " + s.key("keyStore.password") + " right?)", e);
        }
    }

    /**
     * The trust manager of the settings' trust store, or of the JDK's default trust when none is set.
     *
     * @param verifyServerHost a client checks that the server's certificate names the host it connected to
     * @param verifyClientHost a server checks that the client's certificate names the client's address
     */
    public static X509ExtendedTrustManager trustManager(TlsSettings s, boolean verifyServerHost,
            boolean verifyClientHost) {
        String key = s.key("trustStore.location");
        try {
            TrustManagerFactory tmf;
            if (s.hasTrustStore()) {
                StoreType type = StoreType.of(s.key("trustStore.type"), s.trustStoreType(), s.trustStoreLocation());
                KeyStore ts = load(key, s.trustStoreLocation(), s.trustStorePassword(), type);
                PKIXBuilderParameters params = new PKIXBuilderParameters(ts, new X509CertSelector());
                params.setRevocationEnabled(s.crl() || s.ocsp());
                if (s.crl() || s.ocsp()) { // the JDK reads these process-wide switches, as ZooKeeper sets them
                    System.setProperty("com.sun.net.ssl.checkRevocation", "true");
                    System.setProperty("com.sun.security.enableCRLDP", "true");
                    if (s.ocsp()) {
                        java.security.Security.setProperty("ocsp.enable", "true");
                    }
                }
                tmf = TrustManagerFactory.getInstance("PKIX");
                tmf.init(new CertPathTrustManagerParameters(params));
            } else {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
            }
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager) {
                    return new HostCheckingTrustManager((X509ExtendedTrustManager) tm, verifyServerHost,
                            verifyClientHost);
                }
            }
            throw new TlsConfigException(key + ": no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(key + "=" + s.trustStoreLocation() + ": cannot use it (" + e.getMessage()
                    + ")", e);
        }
    }
}

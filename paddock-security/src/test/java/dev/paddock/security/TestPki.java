package dev.paddock.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for tests (BouncyCastle, EC P-256 keys): one trusted CA, one untrusted CA, and certificates
 * signed by either, each written as JKS, PKCS12 and PEM files in a directory, with the CA as trust stores in the
 * same three formats.
 *
 * <pre>
 * TestPki pki = TestPki.create(tempDir);
 * TestPki.Stores server = pki.server();                       // SAN localhost, 127.0.0.1
 * TestPki.Stores alice = pki.client("CN=alice,OU=test,O=Paddock");
 * Map&lt;String,String&gt; zooCfg = server.properties("ssl.", TestPki.Format.PKCS12);
 * </pre>
 *
 * <p>The PEM key store holds the PKCS#8 private key encrypted with the store password, then the certificate;
 * {@link Format#PEM_PLAIN} holds it unencrypted. Every store has the same password ({@link #PASSWORD}).
 */
public final class TestPki {
    public static final String PASSWORD = "paddock-test";

    /** A store's file format; PEM_PLAIN is PEM with an unencrypted private key. */
    public enum Format {
        JKS(".jks", "JKS"), PKCS12(".p12", "PKCS12"), PEM(".pem", "PEM"), PEM_PLAIN(".plain.pem", "PEM");

        final String extension;
        /** The value of ZooKeeper's keyStore.type / trustStore.type for it. */
        public final String type;

        Format(String extension, String type) {
            this.extension = extension;
            this.type = type;
        }
    }

    /**
     * A certificate's files: its key store in each format and the trust store of the CA that should verify its
     * peers (always the trusted CA).
     */
    public record Stores(String name, Path dir, X509Certificate certificate) {
        public Path keyStore(Format f) {
            return dir.resolve(name + "-key" + f.extension);
        }

        public Path trustStore(Format f) {
            return dir.resolve("ca-trust" + f.extension);
        }

        /** The subject DN as ZooKeeper's x509 provider reports it (RFC 2253). */
        public String subject() {
            return certificate.getSubjectX500Principal().getName();
        }

        /**
         * ZooKeeper's key/trust store keys under {@code prefix} ("ssl.", "ssl.quorum.", "zookeeper.ssl."):
         * location, password and type of both stores.
         */
        public Map<String, String> properties(String prefix, Format f) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(prefix + "keyStore.location", keyStore(f).toString());
            m.put(prefix + "keyStore.password", PASSWORD);
            m.put(prefix + "keyStore.type", f.type);
            m.put(prefix + "trustStore.location", trustStore(f).toString());
            m.put(prefix + "trustStore.password", PASSWORD);
            m.put(prefix + "trustStore.type", f.type);
            return m;
        }
    }

    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final KeyPair rogueKeys;
    private final X509Certificate rogueCa;

    private TestPki(Path dir) throws Exception {
        this.dir = dir;
        caKeys = keyPair();
        ca = sign(new X500Name("CN=Paddock Test CA"), caKeys, new X500Name("CN=Paddock Test CA"), caKeys, true,
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        rogueKeys = keyPair();
        rogueCa = sign(new X500Name("CN=Untrusted CA"), rogueKeys, new X500Name("CN=Untrusted CA"), rogueKeys, true,
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        writeTrustStores();
    }

    /** A new CA (and an untrusted one) whose files go to {@code dir}. */
    public static TestPki create(Path dir) {
        try {
            Files.createDirectories(dir);
            return new TestPki(dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the test PKI in " + dir, e);
        }
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    /** A server certificate (CN=localhost) naming localhost and 127.0.0.1, signed by the trusted CA. */
    public Stores server() {
        return issue("server", "CN=localhost,OU=server,O=Paddock", true, false, "localhost", "127.0.0.1");
    }

    /** A certificate with subject {@code dn} (no host names), signed by the trusted CA. */
    public Stores client(String dn) {
        return issue(fileName(dn), dn, true, false);
    }

    /** A certificate for {@code dn} naming {@code hosts} (DNS names or IP literals), signed by the trusted CA. */
    public Stores issue(String name, String dn, String... hosts) {
        return issue(name, dn, true, false, hosts);
    }

    /** Like {@link #client} (also naming localhost/127.0.0.1) but expired yesterday. */
    public Stores expired(String dn) {
        return issue(fileName(dn) + "-expired", dn, true, true, "localhost", "127.0.0.1");
    }

    /** Like {@link #client} (also naming localhost/127.0.0.1) but signed by the untrusted CA. */
    public Stores untrusted(String dn) {
        return issue(fileName(dn) + "-untrusted", dn, false, false, "localhost", "127.0.0.1");
    }

    private static String fileName(String dn) {
        return dn.replaceAll("[^A-Za-z0-9]+", "_");
    }

    private synchronized Stores issue(String name, String dn, boolean trusted, boolean expired, String... hosts) {
        try {
            KeyPair keys = keyPair();
            Instant from = expired ? Instant.now().minus(Duration.ofDays(3)) : Instant.now().minus(Duration.ofHours(1));
            Instant to = expired ? Instant.now().minus(Duration.ofDays(1)) : Instant.now().plus(Duration.ofDays(30));
            X509Certificate issuer = trusted ? ca : rogueCa;
            X509Certificate cert = sign(X500Name.getInstance(new javax.security.auth.x500.X500Principal(dn).getEncoded()), keys,
                    X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                    trusted ? caKeys : rogueKeys, false, from, to, hosts);
            Certificate[] chain = {cert, issuer};
            for (Format f : new Format[] {Format.JKS, Format.PKCS12}) {
                KeyStore ks = KeyStore.getInstance(f.type);
                ks.load(null, null);
                ks.setKeyEntry("key", keys.getPrivate(), PASSWORD.toCharArray(), chain);
                try (OutputStream out = Files.newOutputStream(dir.resolve(name + "-key" + f.extension))) {
                    ks.store(out, PASSWORD.toCharArray());
                }
            }
            OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                    .setProvider(BC).setRandom(new SecureRandom()).setPassword(PASSWORD.toCharArray()).build();
            Files.writeString(dir.resolve(name + "-key" + Format.PEM.extension),
                    pem(new JcaPKCS8Generator(keys.getPrivate(), enc), cert, issuer), StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve(name + "-key" + Format.PEM_PLAIN.extension),
                    pem(new JcaPKCS8Generator(keys.getPrivate(), null), cert, issuer), StandardCharsets.US_ASCII);
            return new Stores(name, dir, cert);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate for " + dn, e);
        }
    }

    private void writeTrustStores() throws GeneralSecurityException, IOException {
        for (Format f : new Format[] {Format.JKS, Format.PKCS12}) {
            KeyStore ts = KeyStore.getInstance(f.type);
            ts.load(null, null);
            ts.setCertificateEntry("ca", ca);
            try (OutputStream out = Files.newOutputStream(dir.resolve("ca-trust" + f.extension))) {
                ts.store(out, PASSWORD.toCharArray());
            }
        }
        String pem = pem(ca);
        Files.writeString(dir.resolve("ca-trust" + Format.PEM.extension), pem, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("ca-trust" + Format.PEM_PLAIN.extension), pem, StandardCharsets.US_ASCII);
    }

    private static String pem(Object... objects) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        return sw.toString();
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
            boolean isCa, Instant from, Instant to, String... hosts) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), subject,
                subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        b.addExtension(Extension.keyUsage, true, isCa
                ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
        if (hosts.length > 0) {
            GeneralName[] names = new GeneralName[hosts.length];
            for (int i = 0; i < hosts.length; i++) {
                boolean ip = hosts[i].matches("[0-9.]+") || hosts[i].contains(":");
                names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, hosts[i]);
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }
}

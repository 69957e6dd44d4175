package dev.paddock.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;

/**
 * An in-process KDC for tests (Apache Kerby's {@code SimpleKdcServer}, TCP only, on a free port of 127.0.0.1, realm
 * {@value #REALM}) in a temp directory, with a {@code krb5.conf} and keytabs written there.
 *
 * <p>The JDK reads {@code java.security.krb5.conf} once per JVM, so tests in one JVM share {@link #shared()}, which
 * sets that property. A ZooKeeper (or Paddock) child JVM gets the same files:
 * {@code -Djava.security.krb5.conf=<kdc.krb5Conf()> -Djava.security.auth.login.config=<jaas file>}, with a JAAS file
 * from {@link JaasFiles#kerberos} naming a keytab from {@link #keytab}. Server principals are
 * {@code zookeeper/localhost@EXAMPLE.COM}; clients should set {@code zookeeper.server.principal} to that so no
 * reverse DNS is involved.
 */
public final class TestKdc implements AutoCloseable {
    public static final String REALM = "EXAMPLE.COM";
    /** The client-port server principal tests use. */
    public static final String SERVER_PRINCIPAL = "zookeeper/localhost@" + REALM;
    private static TestKdc shared;

    private final Path dir;
    private final SimpleKdcServer kdc;
    private final int port;
    private final Path krb5Conf;
    private final Set<String> created = new HashSet<>();

    private TestKdc(Path dir) throws IOException, KrbException {
        this.dir = dir;
        this.port = FreePorts.next();
        kdc = new SimpleKdcServer();
        kdc.setWorkDir(dir.toFile());
        kdc.setKdcRealm(REALM);
        kdc.setKdcHost("127.0.0.1");
        kdc.setAllowUdp(false);
        kdc.setAllowTcp(true);
        kdc.setKdcTcpPort(port);
        kdc.init();
        kdc.start();
        krb5Conf = dir.resolve("krb5.conf");
        Files.writeString(krb5Conf, String.join("\n",
            "[libdefaults]",
            "  default_realm = " + REALM,
            "  udp_preference_limit = 1",
            "  dns_lookup_kdc = false",
            "  dns_lookup_realm = false",
            "  rdns = false",
            "  kdc_timeout = 5000",
            "  max_retries = 2",
            "[realms]",
            "  " + REALM + " = {",
            "    kdc = 127.0.0.1:" + port,
            "  }",
            "[domain_realm]",
            "  localhost = " + REALM,
            "  .localhost = " + REALM,
            ""));
    }

    /** Starts a KDC in {@code dir} (the caller owns {@code java.security.krb5.conf}). */
    public static TestKdc start(Path dir) throws IOException {
        try {
            return new TestKdc(dir);
        } catch (KrbException e) {
            throw new IOException("cannot start the test KDC: " + e.getMessage(), e);
        }
    }

    /**
     * The JVM's one KDC, started on first use in a temp directory (deleted with the JVM), with
     * {@code java.security.krb5.conf} pointing at its krb5.conf.
     */
    public static synchronized TestKdc shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("paddock-kdc");
                shared = start(dir);
                System.setProperty("java.security.krb5.conf", shared.krb5Conf().toString());
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "paddock-test-kdc-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }


    public Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    public String realm() {
        return REALM;
    }

    public Path krb5Conf() {
        return krb5Conf;
    }

    /**
     * Creates {@code principal} (without realm, e.g. {@code zookeeper/localhost} or {@code client}) if needed and
     * returns a keytab holding its keys.
     */
    public synchronized Path keytab(String principal) {
        String name = principal.contains("@") ? principal : principal + "@" + REALM;
        Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9.-]", "_") + ".keytab");
        try {
            if (created.add(name)) {
                kdc.createPrincipal(name);
                Files.deleteIfExists(file);
                kdc.exportPrincipal(name, file.toFile());
            }
        } catch (KrbException | IOException e) {
            throw new IllegalStateException("cannot create principal " + name + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Full principal name of {@code principal} in this realm. */
    public String principal(String principal) {
        return principal.contains("@") ? principal : principal + "@" + REALM;
    }

    @Override
    public synchronized void close() {
        try {
            kdc.stop();
        } catch (KrbException e) {
            // the JVM or test is ending; nothing to recover
        }
    }
}

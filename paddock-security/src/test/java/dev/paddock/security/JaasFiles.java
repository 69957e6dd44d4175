package dev.paddock.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes JAAS configuration files for tests, in ZooKeeper's form, so that the same file serves Paddock, an Apache
 * ZooKeeper child JVM ({@code -Djava.security.auth.login.config=<file>}) and the official client.
 *
 * <pre>
 * Path jaas = JaasFiles.write(dir.resolve("jaas.conf"),
 *     JaasFiles.digestServer("Server", Map.of("bob", "secret")),
 *     JaasFiles.digestClient("Client", "bob", "secret"));
 * </pre>
 */
public final class JaasFiles {
    /** ZooKeeper's DIGEST-MD5 login module (a holder of options; Paddock reads only the options). */
    public static final String DIGEST_MODULE = "org.apache.zookeeper.server.auth.DigestLoginModule";
    public static final String KRB5_MODULE = "com.sun.security.auth.module.Krb5LoginModule";

    private JaasFiles() {
    }

    /** A DIGEST-MD5 server section: {@code user_<name>="<password>"} per user. */
    public static String digestServer(String section, Map<String, String> users) {
        List<String> options = new ArrayList<>();
        users.forEach((u, p) -> options.add("user_" + u + "=\"" + p + "\""));
        return section(section, DIGEST_MODULE, options);
    }

    /** A DIGEST-MD5 client section with {@code username} and {@code password}. */
    public static String digestClient(String section, String user, String password) {
        return section(section, DIGEST_MODULE, List.of("username=\"" + user + "\"", "password=\"" + password + "\""));
    }

    /** A Kerberos section logging {@code principal} in from {@code keytab} (server or client alike). */
    public static String kerberos(String section, Path keytab, String principal) {
        return section(section, KRB5_MODULE, List.of("useKeyTab=true", "keyTab=\"" + keytab.toAbsolutePath() + "\"",
            "storeKey=true", "useTicketCache=false", "doNotPrompt=true", "refreshKrb5Config=true",
            "principal=\"" + principal + "\""));
    }

    private static String section(String name, String module, List<String> options) {
        return name + " {\n  " + module + " required\n  " + String.join("\n  ", options) + ";\n};\n";
    }

    /**
     * Makes {@code file} this JVM's JAAS configuration ({@code java.security.auth.login.config}, re-read by the JDK)
     * until the returned setting is closed, which restores the previous value. JAAS is JVM-global: keep tests that
     * use this in their own test classes.
     */
    public static JvmSetting useForJvm(Path file) {
        return useForJvm(file.toString());
    }

    /** As {@link #useForJvm(Path)} with the property's value as written (a path, a file: URL, "=path"). */
    public static JvmSetting useForJvm(String value) {
        return new JvmSetting(value, null);
    }

    /** {@link #standard} in a new temp directory, made the JVM's JAAS file; closing also deletes the directory. */
    public static JvmSetting standardForJvm(TestKdc kdc) {
        try {
            Path dir = Files.createTempDirectory("paddock-jaas");
            return new JvmSetting(standard(dir.resolve("jaas.conf"), kdc).toString(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JVM-wide JAAS file in force until {@link #close()}. */
    public static final class JvmSetting implements AutoCloseable {
        private static final String PROPERTY = "java.security.auth.login.config";
        private final String previous;
        private final String value;
        private final Path ownDir;

        private JvmSetting(String value, Path ownDir) {
            this.value = value;
            this.ownDir = ownDir;
            previous = System.setProperty(PROPERTY, value);
            refresh();
        }

        /** The JAAS file in force (for a child JVM's {@code -Djava.security.auth.login.config}). */
        public Path file() {
            return Path.of(value);
        }

        @Override
        public void close() {
            if (previous == null) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, previous);
            }
            refresh();
            if (ownDir != null) {
                try (java.util.stream.Stream<Path> files = Files.walk(ownDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    // a temp directory left behind is harmless
                }
            }
        }

        private static void refresh() {
            try {
                javax.security.auth.login.Configuration.getConfiguration().refresh();
            } catch (SecurityException e) {
                // no readable file at all: the JDK reads it afresh on next use
            }
        }
    }

    /** The Kerberos client principal of {@link #standard} (without realm). */
    public static final String KERBEROS_CLIENT = "zkcli/localhost";

    /**
     * The JAAS file the SASL tests share, written to {@code file}: {@code Server} (DIGEST-MD5 users bob/secret and
     * admin/adminpw), {@code Client} (bob), {@code AdminClient} (admin), {@code WrongClient} (bob with a wrong
     * password), {@code KerberosServer} ({@link TestKdc#SERVER_PRINCIPAL} from a keytab) and {@code KerberosClient}
     * ({@value #KERBEROS_CLIENT} from a keytab).
     */
    public static Path standard(Path file, TestKdc kdc) {
        return write(file,
            digestServer("Server", Map.of("bob", "secret", "admin", "adminpw")),
            digestClient("Client", "bob", "secret"),
            digestClient("AdminClient", "admin", "adminpw"),
            digestClient("WrongClient", "bob", "wrong"),
            kerberos("KerberosServer", kdc.keytab("zookeeper/localhost"), TestKdc.SERVER_PRINCIPAL),
            kerberos("KerberosClient", kdc.keytab(KERBEROS_CLIENT), kdc.principal(KERBEROS_CLIENT)));
    }

    /** Writes the sections to {@code file} and returns it. */
    public static Path write(Path file, String... sections) {
        try {
            Files.writeString(file, String.join("\n", sections));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}

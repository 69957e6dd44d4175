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

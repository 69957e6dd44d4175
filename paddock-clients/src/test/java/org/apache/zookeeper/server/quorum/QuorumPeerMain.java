package org.apache.zookeeper.server.quorum;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Paddock's stand-in for ZooKeeper's server main class, for test harnesses that launch "a ZooKeeper" as
 * {@code java -cp <classpath> org.apache.zookeeper.server.quorum.QuorumPeerMain <zoo.cfg>} (kazoo's
 * {@code kazoo.testing.common.ManagedZooKeeper} does exactly that). Put this module's test classes on that class path
 * and this class runs {@code bin/paddock-server start-foreground <zoo.cfg>} instead, so the harness gets a Paddock
 * server started the way users start one. Written for Paddock; nothing of ZooKeeper's is in it but the name.
 *
 * <p>What it passes on: the harness's {@code -Dzookeeper.*} system properties (e.g. the super user's digest) and its
 * JAAS and Kerberos files ({@code -Djava.security.auth.login.config}, {@code -Djava.security.krb5.conf}) as
 * {@code SERVER_JVMFLAGS}; the server's output goes to {@code paddock-server.out} beside the zoo.cfg. When the
 * harness terminates this JVM (SIGTERM), the server gets SIGTERM too and this JVM waits for it to exit.
 *
 * <p>Environment: {@code PADDOCK_HOME} (the checkout; default: the first directory above this class that has
 * {@code bin/paddock-server}); everything else (e.g. {@code PADDOCK_CLASSPATH}) reaches the launcher unchanged.
 */
public final class QuorumPeerMain {
    private QuorumPeerMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: QuorumPeerMain <zoo.cfg> (Paddock's launcher shim)");
            System.exit(2);
        }
        Path cfg = Path.of(args[0]).toAbsolutePath();
        Path home = home();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/paddock-server").toString(), "start-foreground",
                cfg.toString());
        pb.environment().put("SERVER_JVMFLAGS", forwardedFlags());
        pb.environment().put("ZOO_LOG_DIR", cfg.getParent().resolve("log").toString());
        pb.redirectErrorStream(true).redirectOutput(cfg.getParent().resolve("paddock-server.out").toFile());
        Process server = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "paddock-shim-stop"));
        System.exit(server.waitFor());
    }

    /** SIGTERM to the server (the launcher execs the JVM, so this is the server itself), SIGKILL after 30 s. */
    private static void stop(Process server) {
        server.destroy();
        try {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This JVM's {@code -Dzookeeper.*} and JAAS/Kerberos flags, without the log settings the launcher makes itself. */
    private static String forwardedFlags() {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return jvmArgs.stream()
                .filter(a -> a.startsWith("-Dzookeeper.") || a.startsWith("-Djava.security.auth.login.config=")
                        || a.startsWith("-Djava.security.krb5.conf=") || a.startsWith("-Dsun.security.krb5."))
                .filter(a -> !a.startsWith("-Dzookeeper.log.") && !a.startsWith("-Dzookeeper.root.logger"))
                .collect(Collectors.joining(" "));
    }

    private static Path home() {
        String env = System.getenv("PADDOCK_HOME");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        Path start;
        try {
            start = Path.of(QuorumPeerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            start = Path.of("").toAbsolutePath();
        }
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin" + File.separator + "paddock-server"))) {
                return p;
            }
        }
        throw new IllegalStateException("bin/paddock-server not found above " + start + "; set PADDOCK_HOME");
    }
}

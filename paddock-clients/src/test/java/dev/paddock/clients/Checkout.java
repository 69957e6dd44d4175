package dev.paddock.clients;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the programs under test are: the checkout with {@code bin/paddock-server} ({@code -Dpaddock.home}, else the
 * first directory above the working directory that has it), the Paddock server's class path (this JVM's, without
 * test classes or test jars, whose logback-test.xml would replace the server's logging, and without the reference's
 * jars), ZooKeeper 3.9.3's jars (this module's {@code target/zookeeper-lib}) and this module's test classes (kazoo's
 * launcher shim).
 */
final class Checkout {
    private Checkout() {
    }

    static Path home() {
        String prop = System.getProperty("paddock.home");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/paddock-server"))) {
                return p;
            }
        }
        throw new IllegalStateException("bin/paddock-server not found above " + Path.of("").toAbsolutePath()
                + "; set -Dpaddock.home");
    }

    static Path module() {
        return home().resolve("paddock-clients");
    }

    static Path target() {
        return module().resolve("target");
    }

    /** A directory under target/ for one test's files (kept after the run for inspection). */
    static Path work(String name) throws java.io.IOException {
        return Files.createDirectories(target().resolve("clients-work").resolve(name));
    }

    static String paddockClasspath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("test-classes") && !e.endsWith("-tests.jar"))
                .filter(e -> !e.contains("/org/apache/zookeeper/") && !e.contains("/io/dropwizard/")
                        && !e.contains("/org/xerial/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The class path that runs ZooKeeper 3.9.3 (a java -cp wildcard). */
    static String zookeeperClasspath() {
        Path lib = target().resolve("zookeeper-lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " does not exist: Maven copies ZooKeeper there at process-test-classes");
        }
        return lib + File.separator + "*";
    }

    /** This module's test classes: the launcher shim {@code org.apache.zookeeper.server.quorum.QuorumPeerMain}. */
    static Path shimClasses() {
        return target().resolve("test-classes");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

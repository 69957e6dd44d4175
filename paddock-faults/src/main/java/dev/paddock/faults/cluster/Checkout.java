package dev.paddock.faults.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the server programs are: the checkout holding {@code bin/paddock-server} ({@code -Dpaddock.home}, else
 * the first directory upwards from the working directory that has it) and ZooKeeper's jars
 * ({@code -Dpaddock.faults.zookeeperLib}, else {@code <home>/paddock-faults/target/zookeeper-lib}).
 */
public final class Checkout {
    private Checkout() {
    }

    public static Path home() {
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

    static Path zookeeperLib() {
        String prop = System.getProperty("paddock.faults.zookeeperLib");
        Path lib = prop != null ? Path.of(prop) : home().resolve("paddock-faults/target/zookeeper-lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " does not exist: build paddock-faults (it copies ZooKeeper there)");
        }
        return lib.toAbsolutePath();
    }

    /**
     * The Paddock server's class path when not the packaged jar: this JVM's own, without test classes (their
     * logback-test.xml would replace the server's logging). {@code -Dpaddock.faults.packagedJar=true} makes the
     * launcher use the packaged jar instead.
     */
    static String classesUnderTest() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    static boolean packagedJar() {
        return Boolean.getBoolean("paddock.faults.packagedJar");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

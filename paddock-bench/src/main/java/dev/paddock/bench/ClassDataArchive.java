package dev.paddock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Paddock's class data sharing archive for the benchmark's Paddock servers, made as {@code bin/paddock-server}
 * makes it (a run of {@code dev.paddock.server.ClassDataTraining} with {@code -XX:ArchiveClassesAtExit}), once per
 * class path and benchmark run, so that Paddock starts as its launcher starts it. ZooKeeper's {@code zkServer.sh}
 * makes none, and its servers run without. {@code -Dpaddock.bench.cds=false} starts Paddock without one too.
 */
final class ClassDataArchive {
    static final String PROPERTY = "paddock.bench.cds";
    private static final Map<String, List<String>> FLAGS = new ConcurrentHashMap<>();

    private ClassDataArchive() {
    }

    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    /** Whether a Paddock server of this run was started with an archive. */
    static boolean used() {
        return FLAGS.values().stream().anyMatch(f -> !f.isEmpty());
    }

    /** The JVM flags that map the archive for a Paddock server on {@code classpath}; none if off or not made. */
    static List<String> flags(String classpath) {
        return enabled() ? FLAGS.computeIfAbsent(classpath, ClassDataArchive::make) : List.of();
    }

    private static List<String> make(String classpath) {
        try {
            Path dir = Files.createTempDirectory("paddock-bench-cds-");
            ServerProcess.deleteAtExit(dir);
            Path archive = dir.resolve("paddock-server.jsa");
            Path log = dir.resolve("training.log");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:ArchiveClassesAtExit=" + archive, "-cp", classpath, "dev.paddock.server.ClassDataTraining")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("the training run did not end within 120 s");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(archive)) {
                throw new IOException("the training run exited with " + p.exitValue() + "; log:\n"
                        + ServerProcess.tail(log, 20));
            }
            return List.of("-XX:SharedArchiveFile=" + archive);
        } catch (IOException e) {
            System.err.println("Paddock's class data sharing archive could not be made; Paddock starts without: "
                    + e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}

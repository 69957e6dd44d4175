package dev.paddock.it.ensemble;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs {@code bin/paddock-server} as an operator does: {@code start-foreground <zoo.cfg>} with ZOOCFGDIR and
 * ZOO_LOG_DIR pointing at the member's directory.
 *
 * <p>The launcher's own classpath is the packaged jar and {@code target/lib}, which exist only after
 * {@code mvn package} and may be older than the code under test. So by default the launcher gets
 * {@code PADDOCK_CLASSPATH} = the classes under test; {@code -Dpaddock.it.packagedJar=true} runs the packaged
 * server instead.
 */
final class Launcher {
    private final Path home;
    private final boolean packagedJar = Boolean.getBoolean("paddock.it.packagedJar");

    Launcher() {
        this.home = findHome();
    }

    /** The checkout: the first directory upwards from the working directory that has bin/paddock-server. */
    private static Path findHome() {
        String prop = System.getProperty("paddock.home");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/paddock-server"))) {
                return p;
            }
        }
        throw new IllegalStateException("bin/paddock-server not found above " + Path.of("").toAbsolutePath());
    }

    Path script() {
        return home.resolve("bin/paddock-server");
    }

    /** The server's classpath when not the packaged one: this JVM's, without test classes (no logback-test.xml). */
    private static String classesUnderTest() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private ProcessBuilder builder(Path dir, String command, Path cfg) {
        List<String> cmd = new ArrayList<>(List.of(script().toString(), command, cfg.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("ZOOCFGDIR", dir.toString());
        env.put("ZOO_LOG_DIR", dir.resolve("logs").toString());
        env.put("PADDOCK_SKIP_BUILD", "1");
        env.put("ZK_SERVER_HEAP", "256");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("JVMFLAGS");
        // a small footprint: up to 5 servers and the test JVM share two cores
        env.put("SERVER_JVMFLAGS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k");
        if (packagedJar) {
            env.remove("PADDOCK_CLASSPATH");
        } else {
            env.put("PADDOCK_CLASSPATH", classesUnderTest());
        }
        return pb;
    }

    Process start(Path dir, Path cfg, Path log) throws IOException {
        return builder(dir, "start-foreground", cfg).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Runs a short launcher command (status, print-cmd) to completion. */
    Result run(Path dir, String command, Path cfg) throws IOException, InterruptedException {
        Process p = builder(dir, command, cfg).redirectErrorStream(true).start();
        Processes.register(p);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    record Result(int exitCode, String output) {
    }
}

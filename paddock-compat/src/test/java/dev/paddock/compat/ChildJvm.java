package dev.paddock.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A server in a child JVM on the test classpath (small heap, quick start), its output appended to a log file. Every
 * child still alive is killed by a shutdown hook if a test's cleanup never ran.
 */
public final class ChildJvm {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
            "child-jvm-reaper"));
    }

    /** Logback settings for an ensemble member: quorum and Paddock events at INFO, the rest from WARN. */
    public static final String MEMBER_LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n</pattern></encoder>
              </appender>
              <logger name="org.apache.zookeeper.server.quorum" level="INFO"/>
              <logger name="dev.paddock" level="INFO"/>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private ChildJvm() {
    }

    /** Starts {@code mainClass args} with logback configured by {@code logback} and the extra JVM options. */
    public static Process start(Path logback, List<String> jvmOptions, Path log, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dlogback.configurationFile=" + logback);
        cmd.addAll(jvmOptions);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            LIVE.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for {@code p} to exit after a signal; if it has not within 15 s, and {@code forced} is false, kills it
     * (kill -9) and waits again.
     */
    public static void awaitExit(Process p, boolean forced) {
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS) && !forced) {
                p.destroyForcibly();
                p.waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        LIVE.remove(p);
    }

    /** A loopback port free now, for a child's config (the child binds it a moment later). */
    public static int freePort() {
        return dev.paddock.security.FreePorts.next();
    }
}

package dev.paddock.server;

import dev.paddock.security.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs bin/paddock-server the way the README says, against the built checkout. Two overrides keep it off the
 * developer's own server: a free port, and data/logs in a temp directory. {@code start} gets them through
 * ZOOCFGDIR (a generated zoo.cfg); {@code start-foreground} through SERVER_JVMFLAGS on the embedded defaults.
 * PADDOCK_SKIP_BUILD=1 because this runs inside a Maven build that has just built everything.
 *
 * <p>Runs in the integration-test phase (it needs paddock-server/target/lib from the package phase).
 */
class ReadmeCommandTest {
    @TempDir
    Path tmp;

    Path checkout;
    final List<Long> pidsToKill = new ArrayList<>();
    final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void findCheckout() {
        Path module = Path.of("").toAbsolutePath();
        checkout = Files.isRegularFile(module.resolve("bin/paddock-server")) ? module : module.getParent();
        assertThat(checkout.resolve("bin/paddock-server")).isExecutable();
    }

    @AfterEach
    void killLeftovers() {
        for (long pid : pidsToKill) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }


    record Result(int exit, String output) {
    }

    private ProcessBuilder script(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(checkout.resolve("bin/paddock-server").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(checkout.toFile()).redirectErrorStream(true);
        pb.environment().put("PADDOCK_SKIP_BUILD", "1");
        pb.environment().put("ZOO_LOG_DIR", tmp.resolve("logs").toString());
        pb.environment().remove("ZOOPIDFILE");
        pb.environment().remove("SERVER_JVMFLAGS");
        pb.environment().remove("JVMFLAGS");
        pb.environment().putAll(env);
        return pb;
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Process p = script(env, args).redirectOutput(out.toFile()).start();
        processes.add(p);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("bin/paddock-server " + String.join(" ", args) + " finished")
                .isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void startStatusStopLikeZkServerSh() throws Exception {
        int port = FreePorts.next();
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Path data = tmp.resolve("data");
        Files.writeString(conf.resolve("zoo.cfg"), "tickTime=2000\ndataDir=" + data + "\nclientPort=" + port + "\n");
        Map<String, String> env = Map.of("ZOOCFGDIR", conf.toString());

        Result start = run(env, "start");
        Path pidFile = data.resolve("zookeeper_server.pid");
        if (Files.exists(pidFile)) {
            pidsToKill.add(Long.parseLong(Files.readString(pidFile).trim()));
        }
        assertThat(start.exit()).as(start.output()).isZero();
        assertThat(start.output()).contains("Using config: " + conf.resolve("zoo.cfg"), "Starting Paddock ... ",
                "STARTED");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(pid)).isPresent();

        String srvr = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> RawClient.fourLetterWord(port, "srvr"), s -> s.contains("Mode:"));
        assertThat(srvr).contains("Mode: standalone", "Zookeeper version: " + Version.VERSION);
        assertThat(tmp.resolve("logs")).isDirectoryContaining(p -> p.getFileName().toString().endsWith(".log"));
        // the built-in logging (no logback.xml anywhere): ZooKeeper's line layout, in the file the launcher names
        Path log;
        try (var files = Files.list(tmp.resolve("logs"))) {
            log = files.filter(p -> p.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log, StandardCharsets.UTF_8),
                text -> text.matches("(?s).*\\[myid:\\] - INFO  \\[main:PaddockServer@\\d+\\] - Paddock "
                        + java.util.regex.Pattern.quote(Version.VERSION) + " started \\(standalone\\).*"));

        Result again = run(env, "start");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.output()).contains("already running as process " + pid + ".");

        Result status = run(env, "status");
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).contains("Client port found: " + port + ".", "Mode: standalone");

        Result printCmd = run(env, "print-cmd");
        assertThat(printCmd.output()).contains("dev.paddock.server.PaddockServer", conf.resolve("zoo.cfg").toString());

        // the class data sharing archive: made for this build by the first start, mapped by the server, no warning
        Path archive = checkout.resolve("paddock-server/target/paddock-server.jsa");
        assertThat(archive).isRegularFile();
        assertThat(printCmd.output()).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(Files.readString(Path.of("/proc/" + pid + "/maps"))).contains(archive.toString());
        try (var files = Files.list(tmp.resolve("logs"))) {
            Path daemonOut = files.filter(p -> p.getFileName().toString().endsWith(".out")).findFirst().orElseThrow();
            assertThat(Files.readString(daemonOut)).doesNotContain("[cds");
        }

        Result stop = run(env, "stop");
        assertThat(stop.exit()).isZero();
        assertThat(stop.output()).contains("Stopping Paddock ... STOPPED");
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        assertThat(pidFile).doesNotExist();

        Result statusAfter = run(env, "status");
        assertThat(statusAfter.exit()).isEqualTo(1);
        assertThat(statusAfter.output()).contains("Error contacting service. It is probably not running.");

        Result stopAgain = run(env, "stop");
        assertThat(stopAgain.output()).contains("no Paddock server to stop");
    }

    @Test
    void startForegroundOnEmbeddedDefaultsAsTheReadmeSays() throws Exception {
        int port = FreePorts.next();
        Path emptyConf = Files.createDirectories(tmp.resolve("empty-conf"));
        Path data = tmp.resolve("fg-data");
        Map<String, String> env = Map.of("ZOOCFGDIR", emptyConf.toString(),
                "SERVER_JVMFLAGS", "-Dzookeeper.clientPort=" + port + " -Dzookeeper.dataDir=" + data);
        Path out = tmp.resolve("fg.out");
        Process p = script(env, "start-foreground").redirectOutput(out.toFile()).start();
        processes.add(p);

        String srvr = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> RawClient.fourLetterWord(port, "srvr"), s -> s.contains("Mode:"));
        assertThat(srvr).contains("Mode: standalone", Version.VERSION);
        assertThat(data).isDirectory();
        String log = Files.readString(out);
        assertThat(log).contains("Using config: embedded defaults", "Paddock " + Version.VERSION + " started",
                "config embedded defaults");

        Result status = run(env, "status");
        assertThat(status.output()).contains("Client port found: " + port + ".", "Mode: standalone");

        p.destroy(); // SIGTERM, as stop sends
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(out)).contains("Paddock stopped");
    }
}

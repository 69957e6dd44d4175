package dev.paddock.faults.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ClockFault against real child JVMs: the child's System.currentTimeMillis() follows the offset written to the
 * control file while it runs, its System.nanoTime() does not move, and it keeps running and exits normally; also
 * inside a network namespace. The child's wall clock is checked against the true one through CLOCK_MONOTONIC,
 * which both processes share: child wall - child monotonic = true wall - true monotonic + offset.
 */
class ClockFaultTest {
    private static final long HOUR_MS = 3_600_000;
    /** Slack for the child being descheduled between its two clock reads on a busy 2-core box. */
    private static final long SLACK_MS = 2_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void writesOffsetsInWholeSecondsAndAnEnvironmentThatKeepsTheMonotonicClock() throws IOException {
        Path lib = Files.createFile(dir.resolve("libfaketime.so.1"));
        ClockFault f = new ClockFault(dir.resolve("clock"), lib);
        assertThat(Files.readString(f.controlFile())).isEqualTo("+0\n");

        assertThat(f.jump(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(3600));
        assertThat(Files.readString(f.controlFile())).isEqualTo("+3600s\n");
        assertThat(f.jump(Duration.ofMillis(-90_400))).as("rounded").isEqualTo(Duration.ofSeconds(-90));
        assertThat(Files.readString(f.controlFile())).isEqualTo("-90s\n");
        assertThat(f.offset()).isEqualTo(Duration.ofSeconds(-90));
        f.reset();
        assertThat(Files.readString(f.controlFile())).isEqualTo("+0\n");
        assertThat(f.offset()).isZero();

        Map<String, String> env = f.env();
        assertThat(env).containsEntry("LD_PRELOAD", lib.toString())
                .containsEntry("FAKETIME_TIMESTAMP_FILE", dir.resolve("clock").toAbsolutePath().toString())
                .containsEntry("FAKETIME_DONT_FAKE_MONOTONIC", "1")
                .containsEntry("FAKETIME_CACHE_DURATION", "1")
                .containsEntry("NO_FAKE_STAT", "1");
        assertThat(dir.resolve("clock.tmp")).doesNotExist();
    }

    @Test
    void aChildJvmSeesItsWallClockJumpBothWaysWhileNanoTimeRunsOn() throws Exception {
        ClockFault fault = installed();
        try (Probe probe = Probe.start(List.of(), fault, dir)) {
            probe.awaitOffset(0);

            fault.jump(Duration.ofHours(1));
            probe.awaitOffset(HOUR_MS);

            fault.jump(Duration.ofHours(-1)); // an hour behind the true time: a two-hour step back
            probe.awaitOffset(-HOUR_MS);
            int seen = probe.lines.size();
            await().atMost(PATIENCE).until(() -> probe.lines.size() >= seen + 10); // sleeps do not freeze

            fault.reset();
            probe.awaitOffset(0);

            probe.assertMonotonicClockUntouched();
            assertThat(probe.stop()).as("the child exits normally: %s", probe.stderr()).isZero();
        }
    }

    @Test
    void worksUnderIpNetnsExec() throws Exception {
        ClockFault fault = installed();
        assumeTrue(run("ip", "netns", "list") == 0, "needs root and iproute2");
        String ns = "pdk-clock-" + ProcessHandle.current().pid();
        assertThat(run("ip", "netns", "add", ns)).isZero();
        try (Probe probe = Probe.start(List.of("ip", "netns", "exec", ns), fault, dir)) {
            probe.awaitOffset(0);
            fault.jump(Duration.ofMinutes(-30));
            probe.awaitOffset(-30 * 60_000L);
            probe.assertMonotonicClockUntouched();
            assertThat(probe.stop()).as("the child exits normally: %s", probe.stderr()).isZero();
        } finally {
            run("ip", "netns", "delete", ns);
        }
        assertThat(run("ip", "netns", "pids", ns)).as("namespace removed").isNotZero();
    }

    private ClockFault installed() {
        assumeTrue(ClockFault.findLibrary().isPresent(), "libfaketime is not installed (apt-get install -y faketime)");
        return new ClockFault(dir.resolve("clock"));
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** A running {@link ClockProbe}: its readings, as [wall, monotonic] pairs. */
    private static final class Probe implements AutoCloseable {
        final Process process;
        final List<long[]> lines = new CopyOnWriteArrayList<>();
        final Path stderr;

        private Probe(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            Thread pump = new Thread(this::pump, "clock-probe-out");
            pump.setDaemon(true);
            pump.start();
        }

        static Probe start(List<String> prefix, ClockFault fault, Path dir) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classes = Path.of(ClockProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                    .toString();
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of(java, "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", classes,
                    ClockProbe.class.getName()));
            Path err = Files.createTempFile(dir, "probe", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
            pb.environment().putAll(fault.env());
            return new Probe(pb.start(), err);
        }

        private void pump() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] parts = line.trim().split(" ");
                    lines.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
                }
            } catch (IOException | RuntimeException e) {
                // the process is gone; the assertions on what was read say the rest
            }
        }

        /** How far the child's wall clock is from the true one, by its latest reading; null before the first. */
        Long offsetMs() {
            if (lines.isEmpty()) {
                return null;
            }
            long[] last = lines.get(lines.size() - 1);
            long trueWallMinusMono = System.currentTimeMillis() - System.nanoTime() / 1_000_000L;
            return (last[0] - last[1]) - trueWallMinusMono;
        }

        void awaitOffset(long expectedMs) {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                    .failFast("the probe died: " + stderr(), () -> !process.isAlive() && lines.isEmpty())
                    .until(() -> {
                        Long o = offsetMs();
                        return o != null && Math.abs(o - expectedMs) <= SLACK_MS;
                    });
        }

        /** The child's nanoTime never left the shared monotonic clock and never went back. */
        void assertMonotonicClockUntouched() {
            long ourMono = System.nanoTime() / 1_000_000L;
            long previous = Long.MIN_VALUE;
            for (long[] l : lines) {
                assertThat(l[1]).as("monotonic readings never go back").isGreaterThanOrEqualTo(previous);
                previous = l[1];
            }
            assertThat(previous).as("the child's monotonic clock is ours").isBetween(ourMono - 60_000, ourMono);
        }

        /** Closes the child's stdin (its signal to exit) and returns its exit code; -1 if it had to be killed. */
        int stop() throws IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return -1;
            }
            return process.exitValue();
        }

        String stderr() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return "(no stderr: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

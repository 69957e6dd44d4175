package dev.paddock.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.paddock.client.testing.TcpProxy;

/**
 * The ZooKeeper C client library (Debian's libzookeeper-mt, 3.8) in a small program, {@code src/test/c/cclient.c},
 * compiled here with gcc and run against Paddock and ZooKeeper 3.9.3, each behind a TCP proxy that the test cuts
 * once to make the client reconnect. The normalised outputs must be equal; both are left in
 * {@code target/clients-work/cclient/}.
 */
class CClientTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    void cProgramGivesTheSameOutputOnPaddockAsOnZooKeeper() throws Exception {
        Tool.assumeFile(Path.of("/usr/include/zookeeper/zookeeper.h"),
                "the ZooKeeper C client's headers (Debian package libzookeeper-mt-dev)");
        Tool.assumeRuns("gcc (Debian package gcc)", "gcc", "--version");
        Path work = Checkout.work("cclient");
        Path binary = work.resolve("cclient");
        Tool.Result built = Tool.run(List.of("gcc", "-Wall", "-DTHREADED", "-O1", "-o", binary.toString(),
                        Checkout.module().resolve("src/test/c/cclient.c").toString(), "-lzookeeper_mt"),
                work, Map.of(), work.resolve("gcc.log"), LIMIT);
        assertThat(built.ok()).as("gcc: %s", built.output()).isTrue();

        String zookeeper = run(ServerKind.ZOOKEEPER, binary, work);
        String paddock = run(ServerKind.PADDOCK, binary, work);

        assertThat(zookeeper)
                .contains("event CHANGED path=/c watcher=data-watch")
                .contains("multi delete+failing check: bad version")
                .contains("reconnected: yes, same session: yes")
                .contains("close: ok");
        assertThat(paddock).isEqualTo(zookeeper);
    }

    /** Runs the program against a fresh server of {@code kind}; returns its normalised output. */
    private static String run(ServerKind kind, Path binary, Path work) throws Exception {
        Path dir = Files.createDirectories(work.resolve(kind.name().toLowerCase()));
        try (ServerProcess server = ServerProcess.start(kind, dir);
             TcpProxy proxy = new TcpProxy(server.port())) {
            Process p = new ProcessBuilder(binary.toString(), proxy.connectString())
                    .redirectError(dir.resolve("cclient.stderr").toFile()).start();
            try {
                OutputCollector out = new OutputCollector(p.getInputStream(), "cclient");
                out.awaitLine("CUT", LIMIT);
                proxy.cut();
                proxy.restore();
                try (OutputStream in = p.getOutputStream()) {
                    in.write("go\n".getBytes(StandardCharsets.US_ASCII));
                }
                assertThat(p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("cclient finishes").isTrue();
                out.join(LIMIT);
                Files.writeString(dir.resolve("cclient.out"), out.text());
                assertThat(p.exitValue()).as("cclient's exit code; output:\n%s", out.text()).isZero();
                String normalised = Normaliser.sessionsAndZxids().apply(out.text());
                Files.writeString(work.resolve(kind.name().toLowerCase() + ".txt"), normalised);
                return normalised;
            } finally {
                Tool.kill(p);
            }
        }
    }
}

package dev.paddock.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * node-zookeeper-client (npm, pinned below), installed into {@code target/node} on first use, runs
 * {@code src/test/node/client.js} against Paddock and against ZooKeeper 3.9.3; the normalised outputs must be equal.
 * Both are left in {@code target/clients-work/node/}.
 */
class NodeClientTest {
    static final String PACKAGE = "node-zookeeper-client@1.1.3";
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @Test
    void scriptGivesTheSameOutputOnPaddockAsOnZooKeeper() throws Exception {
        Tool.assumeRuns("Node.js (node)", "node", "--version");
        Path modules = install();
        Path work = Checkout.work("node");
        String zookeeper = run(ServerKind.ZOOKEEPER, modules, work);
        String paddock = run(ServerKind.PADDOCK, modules, work);

        assertThat(zookeeper)
                .contains("event NODE_DATA_CHANGED path=/n watcher=data")
                .contains("commit remove+failing check: Exception: BAD_VERSION[-103]")
                .contains("setData on a read-only node: Exception: NO_AUTH[-102]")
                .contains("event NODE_DELETED path=/n/eph watcher=other-exists")
                .contains("unread events: 0");
        assertThat(paddock).isEqualTo(zookeeper);
    }

    /** npm-installs the client into target/node unless it is there; skips the test if npm cannot get it. */
    private static Path install() throws Exception {
        Path prefix = Checkout.target().resolve("node");
        Path modules = prefix.resolve("node_modules");
        if (Files.isDirectory(modules.resolve("node-zookeeper-client"))) {
            return modules;
        }
        Tool.assumeRuns("npm (Node.js's package manager)", "npm", "--version");
        Files.createDirectories(prefix);
        Tool.Result r = Tool.run(List.of("npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix",
                prefix.toString(), PACKAGE), prefix, Map.of(), prefix.resolve("npm-install.log"), LIMIT);
        Assumptions.assumeTrue(r.ok() && Files.isDirectory(modules.resolve("node-zookeeper-client")),
                () -> "skipped: " + PACKAGE + " could not be installed from npm (see " + prefix.resolve("npm-install.log")
                        + ")");
        return modules;
    }

    private static String run(ServerKind kind, Path modules, Path work) throws Exception {
        Path dir = Files.createDirectories(work.resolve(kind.name().toLowerCase()));
        try (ServerProcess server = ServerProcess.start(kind, dir)) {
            Tool.Result r = Tool.run(List.of("node", Checkout.module().resolve("src/test/node/client.js").toString(),
                            server.connectString()), dir, Map.of("NODE_PATH", modules.toString()),
                    dir.resolve("client.out"), LIMIT);
            assertThat(r.ok()).as("node client.js against %s; output:\n%s", kind.label(), r.output()).isTrue();
            String normalised = Normaliser.sessionsAndZxids().apply(r.output());
            Files.writeString(work.resolve(kind.name().toLowerCase() + ".txt"), normalised);
            return normalised;
        }
    }
}

package dev.paddock.server.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.paddock.quorum.node.QuorumNode;
import dev.paddock.storage.Recovery;
import dev.paddock.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A follower whose disk holds only a snapshot past the leader's history (what a SNAP from a leader that failed
 * before establishing its epoch leaves) is told to TRUNC, which its storage cannot do: it asks for a snapshot
 * instead, installs it and serves the leader's data (it used to stop, and stop again after every restart).
 */
class TruncationRefusedEnsembleTest {
    @TempDir
    Path tmp;

    private static Storage storage(Path dataDir) throws IOException {
        return Storage.open(dataDir, dataDir, new Storage.Config(100_000, 64 * 1024, true,
                new Recovery.Options(false, false)));
    }

    @Test
    void aFollowerThatCannotTruncateTakesASnapshotAndServes() throws Exception {
        ListAppender<ILoggingEvent> nodeLog = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(QuorumNode.class);
        nodeLog.start();
        logger.addAppender(nodeLog);
        try (InProcessEnsemble e = InProcessEnsemble.start(tmp, 3, 0)) {
            e.awaitServing(1, 2, 3);
            ZooKeeper zk = e.client(1, 10_000);
            for (int i = 0; i < 20; i++) {
                zk.create("/n" + i, new byte[] {(byte) i}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            long cut = zk.exists("/n16", false).getCzxid();
            for (long sid = 2; sid <= 3; sid++) {
                ZooKeeper other = e.client(sid, 10_000);
                other.sync("/", (rc, p, ctx) -> { }, null);
                await().atMost(Duration.ofSeconds(10)).until(() -> other.exists("/n19", false) != null);
            }
            for (long sid = 1; sid <= 3; sid++) {
                e.stop(sid);
            }
            // Server 3: only a snapshot of everything, no log. Servers 1 and 2: a history ending at /n16.
            Path d3 = tmp.resolve("s3");
            Storage s3 = storage(d3);
            Recovery.Result all = s3.recover();
            assertThat(all.lastZxid()).isGreaterThan(cut);
            s3.snapshot(all.tree(), all.sessions(), all.lastZxid());
            s3.close();
            try (Stream<Path> files = Files.list(d3.resolve(Storage.SUBDIR))) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("log.")).toList()) {
                    Files.delete(f);
                }
            }
            for (long sid = 1; sid <= 2; sid++) {
                Storage s = storage(tmp.resolve("s" + sid));
                s.recover();
                s.truncateAfter(cut);
                s.close();
            }
            e.restart(1);
            e.restart(2);
            e.awaitServing(1, 2);
            e.restart(3);
            e.awaitServing(3);

            assertThat(nodeLog.list).as("server 3 was told to truncate and could not")
                    .anyMatch(ev -> ev.getFormattedMessage().startsWith("Server 3: its disk cannot truncate to"));
            ZooKeeper on3 = e.client(3, 10_000);
            on3.sync("/", (rc, p, ctx) -> { }, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> on3.exists("/n16", false) != null);
            assertThat(on3.exists("/n17", false)).as("past the leader's history: gone").isNull();
            e.assertWriteReaches(1, 2, 3);
            e.stop(3);
            Recovery.Result onDisk = storage(d3).recover();
            assertThat(onDisk.tree().get("/n17")).as("server 3's disk after the snapshot install").isNull();
            assertThat(onDisk.tree().get("/n16")).isNotNull();
        } finally {
            logger.detachAppender(nodeLog);
        }
    }
}

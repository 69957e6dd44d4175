package dev.paddock.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.server.quorum.LeaderConnector;
import dev.paddock.server.quorum.LearnerAcceptor;
import dev.paddock.server.quorum.QuorumConnection;
import dev.paddock.server.quorum.QuorumEvent;
import dev.paddock.server.quorum.QuorumTransportSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The send hold wired into the real quorum-port transport over loopback: packets sent both ways, each held
 * delay + jitter, arrive complete and in order, and the hold really went through the control's sleeper.
 */
class DelayedQuorumTransportTest {
    private static final int PROPOSAL = 2;
    private static final int ACK = 3;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("paddock-quorum-")));
    }

    private static QuorumEvent next(BlockingQueue<QuorumEvent> q) throws InterruptedException {
        QuorumEvent e = q.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("a quorum event within 10 s").isNotNull();
        return e;
    }

    @Test
    void heldPacketsArriveInOrderBothWays() throws Exception {
        Path file = tmp.resolve("faults.properties");
        Files.writeString(file, "quorum.delayMs=3\nquorum.jitterMs=7\n");
        List<Long> sleeps = new CopyOnWriteArrayList<>();
        AtomicLong draws = new AtomicLong();
        FaultControl control = new FaultControl(file, System::nanoTime, ms -> {
            sleeps.add(ms);
            Thread.sleep(ms);
        }, bound -> draws.getAndIncrement() * 5 % bound); // 0, 5, 3, 1, 6, 4, 2, ...: later can be due sooner
        QuorumTransportSettings settings = QuorumTransportSettings.zooKeeper(500, 10, 0)
                .withSendDelay(new QuorumSendDelay(control));

        BlockingQueue<QuorumEvent> leaderEvents = new LinkedBlockingQueue<>();
        BlockingQueue<QuorumEvent> learnerEvents = new LinkedBlockingQueue<>();
        LearnerAcceptor leader = LearnerAcceptor.start(
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), settings, leaderEvents::add);
        toClose.add(leader);
        toClose.add(LeaderConnector.dial(1, leader.boundAddresses(), settings, LeaderConnector.RAW_SNAPSHOT,
                learnerEvents::add));
        QuorumConnection toLeader = ((QuorumEvent.Connected) next(learnerEvents)).connection();
        QuorumConnection toLearner = ((QuorumEvent.Connected) next(leaderEvents)).connection();

        int n = 60;
        for (int k = 0; k < n; k++) {
            assertThat(toLearner.send(new QuorumPacket(PROPOSAL, k, new byte[] {(byte) k}, null))).isTrue();
            assertThat(toLeader.send(new QuorumPacket(ACK, k, null, null))).isTrue();
        }
        for (int k = 0; k < n; k++) {
            QuorumPacket atLearner = ((QuorumEvent.PacketReceived) next(learnerEvents)).packet();
            assertThat(atLearner.type()).isEqualTo(PROPOSAL);
            assertThat(atLearner.zxid()).isEqualTo(k);
            assertThat(atLearner.data()).containsExactly((byte) k);
            QuorumPacket atLeader = ((QuorumEvent.PacketReceived) next(leaderEvents)).packet();
            assertThat(atLeader.type()).isEqualTo(ACK);
            assertThat(atLeader.zxid()).isEqualTo(k);
        }
        assertThat(draws.get()).isEqualTo(2L * n);
        assertThat(sleeps).isNotEmpty().allMatch(ms -> ms > 0 && ms <= 10);
    }
}

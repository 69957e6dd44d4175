package dev.paddock.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.LoggedTxn;
import dev.paddock.quorum.zab.PacketType;
import dev.paddock.quorum.zab.ZabOutput.SyncMode;
import dev.paddock.quorum.zab.Zxid;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data-loss cases from ZooKeeper's history (architecture guide), each as a scripted simulator run on a calm
 * network. Every run also passes the simulator's invariant checks.
 */
class DataLossScenariosTest {
    private static final long SETTLE_MS = 20_000;

    private static Simulation started(SimParams params) {
        Simulation sim = new Simulation(42, params);
        sim.start();
        assertThat(sim.runUntil(sim::converged, SETTLE_MS)).as("first election: %s", sim.describe()).isTrue();
        return sim;
    }

    private static void writeAndSettle(Simulation sim, int n) {
        for (int i = 0; i < n; i++) {
            SimNode l = sim.leader();
            assertThat(l).as("a leader to write to").isNotNull();
            assertThat(sim.write(l.sid())).isPositive();
            sim.runFor(5);
        }
        assertThat(sim.runUntil(sim::converged, SETTLE_MS)).as("converged: %s", sim.describe()).isTrue();
    }

    private static void assertHealthy(Simulation sim) {
        assertThat(sim.runUntil(sim::converged, SETTLE_MS)).as("converged: %s", sim.describe()).isTrue();
        assertThat(sim.violations()).isEmpty();
        long digest = dev.paddock.core.zkformat.TreeDigest.compute(sim.leader().tree());
        for (SimNode n : sim.nodes()) {
            if (sim.lockedOut(n, sim.leader())) {
                continue;
            }
            assertThat(dev.paddock.core.zkformat.TreeDigest.compute(n.tree())).as("tree of %d", n.sid()).isEqualTo(digest);
            for (String path : sim.acknowledgedWrites().values()) {
                assertThat(n.tree().get(path)).as("acked %s on %d", path, n.sid()).isNotNull();
            }
        }
    }

    /** ZOOKEEPER-1154/1549: a txn only the old leader logged is cut off exactly at the divergence point. */
    @ParameterizedTest(name = "on Paddock's storage: {0}")
    @ValueSource(booleans = {false, true})
    void uncommittedTxnOfTheOldLeaderIsTruncatedAtTheDivergencePoint(boolean realStorage) {
        Simulation sim = started(SimParams.calm(3, 0).withRealStorage(realStorage));
        writeAndSettle(sim, 5);
        long old = sim.leader().sid();
        sim.partition(Set.of(old));
        long orphan = sim.write(old); // proposed and logged by the old leader alone: never committed
        assertThat(orphan).isPositive();
        sim.runFor(50);
        sim.crash(old);
        sim.heal();
        assertThat(sim.runUntil(() -> sim.leaderTakesWrites() && sim.leader().sid() != old, SETTLE_MS)).isTrue();
        // The old leader comes back before the new leader logs anything in its epoch: with txns of the new epoch
        // on the leader, ZooKeeper's planner (which the server runs) sends SNAP instead of TRUNC.
        sim.restart(old);
        assertHealthy(sim);
        for (int i = 0; i < 3; i++) {
            sim.write(sim.leader().sid());
            sim.runFor(5);
        }
        assertHealthy(sim);
        SimNode back = sim.node(old);
        assertThat(back.lastSyncMode()).isEqualTo(SyncMode.TRUNC);
        assertThat(back.loggedTxns()).extracting(LoggedTxn::zxid).doesNotContain(orphan);
        assertThat(back.tree().get("/w6")).as("the orphan's node").isNull();
        assertThat(Zxid.epoch(back.lastLoggedZxid())).isGreaterThan(Zxid.epoch(orphan));
    }

    /**
     * ZOOKEEPER-3911/4643/4646/4685: a follower acks NEWLEADER only after the synced txns are durable, and writes
     * currentEpoch in between. The disk is slow and the follower dies the moment its ack leaves: what the leader
     * counted must still be on its disk.
     */
    @ParameterizedTest(name = "on Paddock's storage: {0}")
    @ValueSource(booleans = {false, true})
    void followerPersistsTheSyncedHistoryBeforeAckingNewLeader(boolean realStorage) {
        Simulation sim = started(SimParams.calm(3, 0).withFsyncMs(200, 400).withRealStorage(realStorage));
        SimNode follower = sim.nodes().stream().filter(n -> !n.isEstablishedLeader()).findFirst().orElseThrow();
        long sid = follower.sid();
        sim.crash(sid);
        writeAndSettleWithout(sim, sid, 8);
        long target = sim.leader().lastLoggedZxid();
        long[] ackedAt = {-1};
        sim.crashAfterSending((n, p) -> {
            if (n.sid() == sid && p.type() == PacketType.ACK && Zxid.counter(p.zxid()) == 0 && ackedAt[0] < 0) {
                ackedAt[0] = n.lastLoggedZxid();
                return true;
            }
            return false;
        });
        sim.restart(sid);
        assertThat(sim.runUntil(() -> ackedAt[0] >= 0, SETTLE_MS)).isTrue();
        SimNode dead = sim.node(sid);
        assertThat(dead.isUp()).isFalse();
        assertThat(dead.lastLoggedZxid()).as("durable log after the crash").isGreaterThanOrEqualTo(target);
        assertThat(dead.currentEpoch()).as("currentEpoch written before the ack").isEqualTo(sim.leader().epoch());
        sim.crashAfterSending((n, p) -> false);
        sim.restart(sid);
        assertHealthy(sim);
    }

    /**
     * ZOOKEEPER-2307/4643: a learner that dies after persisting synced txns of the new epoch but before writing
     * currentEpoch restarts (adopting the log's epoch) and rejoins; ZooKeeper's own start-up check refuses this.
     */
    @ParameterizedTest(name = "on Paddock's storage: {0}")
    @ValueSource(booleans = {false, true})
    void crashBetweenPersistingSyncedTxnsAndWritingCurrentEpochStillRestarts(boolean realStorage) {
        Simulation sim = started(SimParams.calm(3, 0).withRealStorage(realStorage));
        SimNode follower = sim.nodes().stream().filter(n -> !n.isEstablishedLeader()).findFirst().orElseThrow();
        long sid = follower.sid();
        sim.crash(sid);
        writeAndSettleWithout(sim, sid, 5); // txns of the leader's epoch, which the follower has never seen
        boolean[] once = {false};
        sim.crashBeforeDiskWrite((n, o) -> {
            if (n.sid() == sid && o instanceof dev.paddock.quorum.node.NodeOutput.WriteCurrentEpoch && !once[0]) {
                once[0] = true;
                return true;
            }
            return false;
        });
        sim.restart(sid);
        assertThat(sim.runUntil(() -> once[0], SETTLE_MS)).isTrue();
        assertThat(sim.node(sid).isUp()).isFalse();
        sim.runFor(100); // let the synced appends' group commit finish in the model's crash semantics
        sim.restart(sid);
        assertHealthy(sim);
        assertThat(sim.node(sid).currentEpoch()).isEqualTo(sim.leader().epoch());
    }

    private static void writeAndSettleWithout(Simulation sim, long down, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(sim.write(sim.leader().sid())).isPositive();
            sim.runFor(5);
        }
        assertThat(sim.runUntil(() -> {
            SimNode l = sim.leader();
            return l != null && l.tree().lastProcessedZxid() == l.lastLoggedZxid();
        }, SETTLE_MS)).isTrue();
        if (down > 0) {
            assertThat(sim.node(down).isUp()).isFalse();
        }
    }

    /** ZOOKEEPER-2307/4269: dying just before or after an epoch file write (or TRUNC, or snapshot) never blocks a restart. */
    @Test
    void crashesAtEpochWritesDoNotPreventRestart() {
        SimParams params = SimParams.calm(3, 0).withCrashOnDiskWrite(0.5);
        Simulation sim = new Simulation(7, params);
        sim.limitCrashesOnDiskWrite(6);
        sim.start();
        assertThat(sim.runUntil(() -> sim.crashesOnDiskWrite() >= 6 && sim.converged(), 60_000))
                .as("converged after %d crashes at disk writes: %s", sim.crashesOnDiskWrite(), sim.describe()).isTrue();
        writeAndSettle(sim, 5);
        assertHealthy(sim);
    }

    /** ZOOKEEPER-1277: a leader never proposes past the last usable counter; a new epoch takes over. */
    @Test
    void zxidCounterRollsOverIntoANewEpoch() {
        Simulation sim = started(SimParams.calm(3, 0).withLastUsableCounter(6));
        long firstEpoch = sim.leader().epoch();
        int accepted = 0;
        for (int i = 0; i < 40 && accepted < 15; i++) {
            assertThat(sim.runUntil(sim::leaderTakesWrites, SETTLE_MS)).isTrue();
            if (sim.write(sim.leader().sid()) > 0) {
                accepted++;
            }
            sim.runFor(20);
        }
        assertThat(accepted).isEqualTo(15);
        assertHealthy(sim);
        assertThat(sim.leader().epoch()).isGreaterThanOrEqualTo(firstEpoch + 2);
        for (LoggedTxn t : sim.leader().loggedTxns()) {
            assertThat(Zxid.counter(t.zxid())).isLessThan(6);
        }
    }

    /** A follower behind the leader's DIFF window loads a snapshot (ZooKeeper's format) and then catches up. */
    @ParameterizedTest(name = "on Paddock's storage: {0}")
    @ValueSource(booleans = {false, true})
    void farBehindFollowerSyncsBySnap(boolean realStorage) {
        Simulation sim = started(SimParams.calm(3, 0).withDiffWindow(5).withRealStorage(realStorage));
        SimNode follower = sim.nodes().stream().filter(n -> !n.isEstablishedLeader()).findFirst().orElseThrow();
        sim.crash(follower.sid());
        writeAndSettleWithout(sim, follower.sid(), 12);
        sim.restart(follower.sid());
        assertHealthy(sim);
        assertThat(sim.node(follower.sid()).lastSyncMode()).isEqualTo(SyncMode.SNAP);
    }

    /** A briefly absent follower gets only the txns it missed. */
    @Test
    void briefAbsenceSyncsByDiff() {
        Simulation sim = started(SimParams.calm(3, 0));
        SimNode follower = sim.nodes().stream().filter(n -> !n.isEstablishedLeader()).findFirst().orElseThrow();
        sim.crash(follower.sid());
        writeAndSettleWithout(sim, follower.sid(), 4);
        sim.restart(follower.sid());
        assertHealthy(sim);
        assertThat(sim.node(follower.sid()).lastSyncMode()).isEqualTo(SyncMode.DIFF);
    }

    /** An observer learns every commit (INFORM) without voting, and survives a leader change. */
    @Test
    void observerFollowsCommitsAcrossALeaderChange() {
        Simulation sim = started(SimParams.calm(3, 1));
        writeAndSettle(sim, 5);
        long old = sim.leader().sid();
        sim.crash(old);
        assertThat(sim.runUntil(sim::leaderTakesWrites, SETTLE_MS)).isTrue();
        for (int i = 0; i < 5; i++) {
            sim.write(sim.leader().sid());
            sim.runFor(5);
        }
        sim.restart(old);
        assertHealthy(sim);
        SimNode observer = sim.node(4);
        assertThat(observer.isObserver()).isTrue();
        assertThat(observer.isServing()).isTrue();
        assertThat(observer.tree().lastProcessedZxid()).isEqualTo(sim.leader().lastLoggedZxid());
        assertThat(sim.acknowledgedWrites()).hasSizeGreaterThanOrEqualTo(6);
    }

    /** A leader cut off from its quorum steps down; what it proposed alone is never acknowledged nor kept. */
    @Test
    void isolatedLeaderStepsDownAndItsLonelyProposalsVanish() {
        Simulation sim = started(SimParams.calm(5, 0));
        writeAndSettle(sim, 3);
        SimNode old = sim.leader();
        sim.partition(Set.of(old.sid()));
        long lonely = sim.write(old.sid());
        assertThat(lonely).isPositive();
        assertThat(sim.runUntil(() -> !old.isEstablishedLeader(), SETTLE_MS)).as("old leader steps down").isTrue();
        assertThat(sim.acknowledgedWrites()).doesNotContainKey(lonely);
        assertThat(sim.runUntil(() -> sim.leader() != null, SETTLE_MS)).isTrue();
        writeAndSettleWithout(sim, -1, 0);
        sim.heal();
        assertHealthy(sim);
        assertThat(old.loggedTxns()).extracting(LoggedTxn::zxid).doesNotContain(lonely);
    }
}

package dev.paddock.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * How a restarted learner catches up, asserted from its own log line ("synced with leader N in epoch E by X"):
 * DIFF after a few writes, SNAP after more than the leader's committed window (500 txns) with a log tail larger
 * than a third of the snapshot, TRUNC for a txn it logged that the others never committed.
 */
class LearnerSyncTest {

    private static List<String> createSome(ZooKeeper zk, String prefix, int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(zk.create(prefix + i, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        }
        return out;
    }

    /** The last sync line of {@code m}'s log, once a new one (beyond {@code before}) has appeared. */
    private static Member.SyncLine awaitNewSync(Member m, int before) {
        Member.SyncLine[] last = new Member.SyncLine[1];
        ProcessEnsemble.await("server." + m.sid + " synced", ProcessEnsemble.FORM_TIMEOUT, () -> {
            m.checkAlive();
            List<Member.SyncLine> lines = m.syncLines();
            if (lines.size() > before) {
                last[0] = lines.get(lines.size() - 1);
                return true;
            }
            return false;
        }, () -> "no new sync line; log tail:\n" + tailOf(m));
        return last[0];
    }

    private static String tailOf(Member m) {
        try {
            return m.tail(30);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** What {@code m} serves under {@code parent} after a sync. */
    private static List<String> childrenOn(Member m, String parent) throws Exception {
        try (ZooKeeper zk = Clients.connect(m.connectString(), 10000)) {
            zk.sync(parent);
            return zk.getChildren(parent, false).stream().map(c -> parent + "/" + c).toList();
        }
    }

    @Test
    void restartedFollowerCatchesUpByDiffThenFarBehindBySnap() throws Exception {
        try (ProcessEnsemble e = ProcessEnsemble.create(ProcessEnsemble.testDir("sync-diff-snap"), 3, 0, Map.of())) {
            e.startAll();
            Member leader = e.awaitFormed();
            Member f = e.member(1);
            try (ZooKeeper zk = Clients.connect(leader.connectString(), 10000)) {
                zk.create("/d", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                List<String> written = new ArrayList<>(createSome(zk, "/d/a", 10));

                // DIFF: down for a few writes
                f.kill9();
                written.addAll(createSome(zk, "/d/b", 20));
                int before = f.syncLines().size();
                f.start();
                Member.SyncLine diff = awaitNewSync(f, before);
                assertThat(diff.how()).as("%s", diff).isEqualTo("DIFF");
                assertThat(diff.leader()).isEqualTo(leader.sid);
                ProcessEnsemble.awaitMode(f, "follower"::equals, ProcessEnsemble.FORM_TIMEOUT);
                assertThat(childrenOn(f, "/d")).containsExactlyInAnyOrderElementsOf(written);

                // SNAP: down while more than the committed window is written; the 1 KB updates of one node make
                // the log tail far larger than a third of the snapshot, so the on-disk log is no way either
                f.kill9();
                zk.create("/big", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                byte[] kb = new byte[1024];
                int updates = 600;
                List<CompletableFuture<Void>> pending = new ArrayList<>();
                for (int i = 0; i < updates; i++) {
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    zk.setData("/big", kb, -1, (rc, path, ctx, stat) -> {
                        if (rc == 0) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(new AssertionError("setData rc " + rc));
                        }
                    }, null);
                    pending.add(done);
                }
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
                written.addAll(createSome(zk, "/d/c", 5));
                before = f.syncLines().size();
                f.start();
                Member.SyncLine snap = awaitNewSync(f, before);
                assertThat(snap.how()).as("%s", snap).isEqualTo("SNAP");
                assertThat(snap.leader()).isEqualTo(leader.sid);
                ProcessEnsemble.awaitMode(f, "follower"::equals, ProcessEnsemble.FORM_TIMEOUT);
                assertThat(childrenOn(f, "/d")).containsExactlyInAnyOrderElementsOf(written);
                try (ZooKeeper onF = Clients.connect(f.connectString(), 10000)) {
                    org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
                    onF.sync("/big");
                    onF.getData("/big", false, stat);
                    assertThat(stat.getVersion()).isEqualTo(updates);
                }
            }
            assertThat(e.awaitFormed()).isSameAs(leader);
        }
    }

    /**
     * TRUNC: both followers are stopped (SIGSTOP: their sockets stay open, they read nothing), a client write
     * reaches the leader, which logs and proposes it and then steps down for want of a quorum. All three are
     * killed; the two former followers elect a leader without that txn; the old leader, restarted, must drop it,
     * and then takes new writes with the others.
     */
    @Test
    void learnerWithAnUncommittedTailCatchesUpByTrunc() throws Exception {
        try (ProcessEnsemble e = ProcessEnsemble.create(ProcessEnsemble.testDir("sync-trunc"), 3, 0,
                Map.of("syncLimit", "10"))) {
            e.startAll();
            Member old = e.awaitFormed();
            List<Member> others = e.members().stream().filter(m -> m != old).toList();
            List<String> written;
            try (ZooKeeper zk = Clients.connect(old.connectString(), 10000)) {
                zk.create("/t", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                written = new ArrayList<>(createSome(zk, "/t/n", 10));
                for (Member m : others) {
                    m.pause();
                }
                zk.create("/t/uncommitted", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                        (rc, path, ctx, name) -> { }, null);
                // the leader holds the write unanswered (proposed, logged, no ack can come) ...
                ProcessEnsemble.await("write outstanding on the leader", Duration.ofSeconds(20),
                        () -> old.fourLetterWord("srvr").contains("Outstanding: 1\n"),
                        () -> old.fourLetterWord("srvr"));
                // ... until it gives up leading after syncLimit ticks without a quorum (2 s here: time enough for
                // the write to reach it first even on a loaded machine)
                ProcessEnsemble.await("leader steps down", Duration.ofSeconds(30),
                        () -> !old.mode().orElse("-").equals("leader"), () -> "mode " + old.mode());
            }
            for (Member m : e.members()) {
                m.kill9();
            }
            for (Member m : others) {
                m.start();
            }
            Member newLeader = e.awaitFormed(others);
            // (had the new leader logged anything in its epoch before the old one came back, the first txn after
            // the common prefix would be of another epoch, and ZooKeeper's leader does not TRUNC across an epoch
            // boundary: it sends SNAP, and so does Paddock's)
            int before = old.syncLines().size();
            old.start();
            Member.SyncLine trunc = awaitNewSync(old, before);
            assertThat(trunc.how()).as("%s", trunc).isEqualTo("TRUNC");
            assertThat(trunc.leader()).isEqualTo(newLeader.sid);
            ProcessEnsemble.awaitMode(old, "follower"::equals, ProcessEnsemble.FORM_TIMEOUT);
            try (ZooKeeper zk = Clients.connect(old.connectString(), 10000)) {
                written.addAll(createSome(zk, "/t/after", 5));
            }
            for (Member m : e.members()) {
                assertThat(childrenOn(m, "/t")).as("server %d", m.sid).containsExactlyInAnyOrderElementsOf(written);
            }
        }
    }
}

package dev.paddock.quorum.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.Replica;
import dev.paddock.core.pipeline.TreeEvents;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.txn.CreateTxn;
import dev.paddock.jute.txn.TxnHeader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A learner whose disk holds a snapshot beyond the new leader's history (loaded by SNAP from a leader that failed
 * before establishing its epoch) and no log below it cannot truncate to what the leader asks: storage refuses,
 * changing nothing, and the learner asks for a snapshot instead of serving as if truncated or meeting the same
 * TRUNC on every attempt. Found by the simulator (seeds 22214, then 5537 with local sessions and 9063888).
 */
class TruncateBelowSnapshotTest {
    private static LoggedTxn create(long zxid) {
        String path = "/n" + Long.toHexString(zxid);
        return new LoggedTxn(new TxnHeader(0, (int) zxid, zxid, 0, OpCode.CREATE.code),
                new CreateTxn(path, path.getBytes(StandardCharsets.UTF_8), DataTree.OPEN_ACL, false, 0));
    }

    @Test
    void learnerThatCannotTruncateDoesNotServeADivergentTree() {
        NodeHarness h = new NodeHarness(Set.of(1L, 2L, 3L), Set.of());
        for (long sid = 1; sid <= 3; sid++) {
            h.crash(sid);
        }
        h.settle();
        long base = 0x100000000L;
        for (long sid = 1; sid <= 2; sid++) { // a quorum that established epoch 2 on a history ending at 0x1000000a
            NodeHarness.Disk d = h.disks.get(sid);
            for (long c = 1; c <= 0xa; c++) {
                d.log.put(base + c, create(base + c));
            }
            d.acceptedEpoch = 2;
            d.currentEpoch = 2;
        }
        DataTree snap = new DataTree(); // server 3: a snapshot of a failed leader's longer epoch-1 history
        Replica replica = new Replica(snap, Map.of());
        for (long c = 1; c <= 0xd; c++) {
            replica.apply(create(base + c), TreeEvents.NONE);
        }
        NodeHarness.Disk d3 = h.disks.get(3L);
        d3.snapshot = snap;
        d3.acceptedEpoch = 1;
        d3.currentEpoch = 1;
        for (long sid = 1; sid <= 3; sid++) {
            h.boot(sid);
        }
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        h.run(500, 20);

        QuorumNode leader = h.leader();
        assertThat(leader.election().config().mySid()).isEqualTo(2);
        QuorumNode third = h.nodes.get(3L);
        assertThat(third.tree().lastProcessedZxid()).isEqualTo(leader.tree().lastProcessedZxid());
        assertThat(third.tree().nodes().keySet()).as("the learner's tree").isEqualTo(leader.tree().nodes().keySet());
        assertThat(third.tree().get("/n10000000d")).as("the failed leader's txn, never committed").isNull();
        assertThat(h.refusedTruncations).as("one refused TRUNC, then a SNAP").isEqualTo(1);
        assertThat(d3.snapshot.lastProcessedZxid()).as("server 3's disk: the leader's snapshot")
                .isEqualTo(leader.tree().lastProcessedZxid());
    }
}

package dev.paddock.quorum.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.FakeConnection;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.SetDataRequest;
import dev.paddock.quorum.zab.DurableState;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** readonlymode.enabled on a member that lost its quorum: tick-driven start after the grace period, stop on a role. */
class ReadOnlyModeTest {
    private static final long GRACE_MS = 2_000;

    private static FakeConnection connect(NodeHarness h, long sid, boolean canBeReadOnly) {
        FakeConnection c = new FakeConnection();
        c.canBeReadOnly = canBeReadOnly;
        h.nodes.get(sid).clientConnect(c, new ConnectRequest(0, 0, 30_000, 0, new byte[16]), h.now);
        h.carryOut(sid);
        h.settle();
        return c;
    }

    private static FakeConnection.Sent call(NodeHarness h, long sid, FakeConnection c, int xid, OpCode op,
                                            dev.paddock.jute.JuteRecord body) {
        h.nodes.get(sid).clientRequest(c, new RequestHeader(xid, op.code), body, h.now);
        h.carryOut(sid);
        h.settle();
        return c.replies().get(c.replies().size() - 1);
    }

    @Test
    void aMemberWithoutQuorumServesReadOnlyClientsAfterTheGraceAndDropsThemWhenItRejoins() {
        NodeHarness h = new NodeHarness(Set.of(1L, 2L, 3L), Set.of());
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        QuorumNode one = h.nodes.get(1L);
        one.enableReadOnlyMode(GRACE_MS, true);
        FakeConnection writer = connect(h, 1, false);
        assertThat(writer.readOnlyServer).isFalse();
        assertThat(call(h, 1, writer, 1, OpCode.CREATE, new CreateRequest("/a", "x".getBytes(), DataTree.OPEN_ACL,
                CreateMode.PERSISTENT.flag)).header().err()).isZero();
        assertThat(one.readOnlyFront()).as("serving in a quorum: no read-only front").isNull();

        h.crash(2);
        h.crash(3);
        h.settle();
        h.run(100, 10);
        assertThat(one.role()).isEqualTo(NodeOutput.Role.LOOKING);
        assertThat(writer.closed).isTrue();
        h.run(GRACE_MS - 500, 10);
        assertThat(one.readOnlyFront()).as("still within the grace period").isNull();
        assertThat(connect(h, 1, true).closed).as("nothing serves yet").isTrue();
        h.run(600, 10);
        assertThat(one.readOnlyFront()).isNotNull();
        assertThat(one.serving()).isFalse();

        FakeConnection reader = connect(h, 1, true);
        assertThat(reader.sent).hasSize(1);
        assertThat(reader.readOnlyServer).isTrue();
        FakeConnection.Sent read = call(h, 1, reader, 1, OpCode.GET_DATA, new GetDataRequest("/a", false));
        assertThat(((GetDataResponse) read.body()).data()).isEqualTo("x".getBytes());
        assertThat(call(h, 1, reader, 2, OpCode.SET_DATA, new SetDataRequest("/a", new byte[0], -1)).header().err())
                .isEqualTo(ErrorCode.NOTREADONLY.code);
        assertThat(connect(h, 1, false).closed).as("a client that wants read-write is refused").isTrue();
        h.run(1_000, 10);
        assertThat(reader.closed).as("pings keep nothing here; the session lives within its timeout").isFalse();

        h.boot(2);
        h.boot(3);
        assertThat(h.runUntilAllServe(10_000)).isTrue();
        assertThat(reader.closed).as("read-only clients are dropped when the member rejoins").isTrue();
        assertThat(one.readOnlyFront()).isNull();
        FakeConnection again = connect(h, 1, true);
        assertThat(again.sent).hasSize(1);
        assertThat(again.readOnlyServer).isFalse();
    }

    @Test
    void withoutTheSettingALookingMemberServesNoOne() {
        NodeHarness h = new NodeHarness(Set.of(1L, 2L, 3L), Set.of());
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        h.crash(2);
        h.crash(3);
        h.settle();
        h.run(5_000, 10);
        assertThat(h.nodes.get(1L).readOnlyFront()).isNull();
        assertThat(connect(h, 1, true).closed).isTrue();
    }

    @Test
    void theGraceCountsFromTheStartNotFromTicksBeforeIt() {
        NodeHarness h = new NodeHarness(Set.of(1L, 2L, 3L), Set.of());
        QuorumNode lone = new QuorumNode(h.settings(1), DurableState.recovered(0, 0, 0), new DataTree(), Map.of(),
                TxnHistory.NONE);
        lone.enableReadOnlyMode(GRACE_MS, true);
        long now = 50_000;
        lone.tick(now);
        assertThat(lone.readOnlyFront()).as("ticks before the start").isNull();
        lone.start(now);
        lone.tick(now + GRACE_MS - 1);
        assertThat(lone.readOnlyFront()).isNull();
        lone.tick(now + GRACE_MS);
        assertThat(lone.readOnlyFront()).isNotNull();
    }
}

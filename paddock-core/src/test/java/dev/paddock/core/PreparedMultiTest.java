package dev.paddock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.pipeline.Applier;
import dev.paddock.core.pipeline.PreparedMulti;
import dev.paddock.core.pipeline.TreeEvents;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.zkformat.TreeDigest;
import dev.paddock.core.zkformat.ZkTxnEntry;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.multi.MultiOp;
import dev.paddock.jute.multi.MultiRequest;
import dev.paddock.jute.multi.MultiResponse;
import dev.paddock.jute.proto.CheckVersionRequest;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.SetDataRequest;
import dev.paddock.jute.txn.MultiTxn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leader applies a multi from the records it prepared, while followers and recovery apply it from the bytes
 * it logged: both must make the same tree.
 */
class PreparedMultiTest {
    private final CoreHarness h = new CoreHarness(CoreConfig.defaults());

    private static CreateRequest create(String path, String data, CreateMode mode) {
        return new CreateRequest(path, data.getBytes(StandardCharsets.UTF_8), DataTree.OPEN_ACL, mode.flag);
    }

    private static byte[] big(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void theLeadersTreeAndOneReplayedFromTheLoggedBytesAreTheSame() {
        FakeConnection c = h.connect(30000);
        h.call(c, 1, OpCode.CREATE, create("/p", "", CreateMode.PERSISTENT));
        FakeConnection.Sent ok = h.call(c, 2, OpCode.MULTI, new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, create("/p/a", "one", CreateMode.PERSISTENT)),
                new MultiOp(OpCode.SET_DATA, new SetDataRequest("/p", "x".getBytes(StandardCharsets.UTF_8), -1)),
                new MultiOp(OpCode.SET_DATA, new SetDataRequest("/p/a", big(100_000), -1)), // outgrows the scratch
                new MultiOp(OpCode.CREATE, create("/p/s-", "", CreateMode.PERSISTENT_SEQUENTIAL)))));
        assertThat(((MultiResponse) ok.body()).results()).extracting(r -> r.err()).containsOnly(0);
        FakeConnection.Sent failed = h.call(c, 3, OpCode.MULTI, new MultiRequest(List.of(
                new MultiOp(OpCode.SET_DATA, new SetDataRequest("/p/a", new byte[0], -1)),
                new MultiOp(OpCode.CHECK, new CheckVersionRequest("/nope", 0)),
                new MultiOp(OpCode.CREATE, create("/p/b", "", CreateMode.PERSISTENT)))));
        assertThat(((MultiResponse) failed.body()).results()).extracting(r -> r.err())
                .containsExactly(0, ErrorCode.NONODE.code, ErrorCode.RUNTIMEINCONSISTENCY.code);
        GetDataResponse a = (GetDataResponse) h.call(c, 4, OpCode.GET_DATA, new GetDataRequest("/p/a", false)).body();
        assertThat(a.data()).isEqualTo(big(100_000)); // the failed multi changed nothing

        List<LoggedTxn> multis = h.logged.stream().filter(t -> t.header().type() == OpCode.MULTI.code).toList();
        assertThat(multis).hasSize(2).allSatisfy(t -> assertThat(t.txn()).isInstanceOf(PreparedMulti.class));

        DataTree replayed = new DataTree();
        Applier applier = new Applier(replayed);
        for (LoggedTxn t : h.logged) {
            ZkTxnEntry e = ZkTxnEntry.decode(new ZkTxnEntry(t.header(), t.txn(), null).encode());
            if (e.header().type() == OpCode.MULTI.code) {
                assertThat(e.txn()).isInstanceOf(MultiTxn.class); // what a follower or recovery reads
            }
            applier.apply(e.header(), e.txn(), TreeEvents.NONE);
        }
        assertThat(replayed.nodeCount()).isEqualTo(h.core.tree().nodeCount());
        assertThat(TreeDigest.compute(replayed)).isEqualTo(TreeDigest.compute(h.core.tree()));
    }
}

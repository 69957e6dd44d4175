package dev.paddock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.multi.MultiOp;
import dev.paddock.jute.multi.MultiRequest;
import dev.paddock.jute.multi.MultiResponse;
import dev.paddock.jute.multi.MultiResult;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.DeleteRequest;
import dev.paddock.jute.proto.SetDataRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * zookeeper.enforceQuota: hard limits refuse the create or setData that would pass them (QUOTAEXCEEDED), soft limits
 * and a server without enforcement let it through; the check comes after the ACL and existence checks and before
 * the version check, and counts the committed stats.
 */
class QuotaEnforcementTest {
    private static final byte[] NONE = new byte[0];

    private static CoreHarness harness(boolean enforce) {
        return new CoreHarness(new CoreConfig(0, 2000, 4000, 40000, null, true, 1000, false)
                .withEnforceQuota(enforce));
    }

    private static CreateRequest create(String path, byte[] data) {
        return new CreateRequest(path, data, DataTree.OPEN_ACL, CreateMode.PERSISTENT.flag);
    }

    private static int err(FakeConnection.Sent s) {
        return s.header().err();
    }

    private static byte[] bytes(int n) {
        return new byte[n];
    }

    /** As zkCli's setquota lays it down: the node, then its limits, then its stats (which the server counts). */
    private static void quota(CoreHarness h, FakeConnection c, String path, String limits) {
        String base = DataTree.QUOTA + path;
        for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
            assertThat(err(h.call(c, 99, OpCode.CREATE, create(DataTree.QUOTA + path.substring(0, slash), NONE))))
                    .isZero();
        }
        assertThat(err(h.call(c, 100, OpCode.CREATE, create(base, NONE)))).isZero();
        assertThat(err(h.call(c, 101, OpCode.CREATE, create(base + "/zookeeper_limits",
                limits.getBytes(StandardCharsets.UTF_8))))).isZero();
        assertThat(err(h.call(c, 102, OpCode.CREATE, create(base + "/zookeeper_stats",
                "count=0,bytes=0".getBytes(StandardCharsets.UTF_8))))).isZero();
    }

    private static String stats(CoreHarness h, String path) {
        return new String(h.core.tree().get(DataTree.QUOTA + path + "/zookeeper_stats").data(), StandardCharsets.UTF_8);
    }

    private static int create(CoreHarness h, FakeConnection c, String path, int dataBytes) {
        return err(h.call(c, 1, OpCode.CREATE, create(path, bytes(dataBytes))));
    }

    private static int setData(CoreHarness h, FakeConnection c, String path, int dataBytes, int version) {
        return err(h.call(c, 2, OpCode.SET_DATA, new SetDataRequest(path, bytes(dataBytes), version)));
    }

    @Test
    void aHardCountLimitRefusesTheCreateThatWouldPassIt() {
        CoreHarness h = harness(true);
        FakeConnection c = h.connect(30000);
        assertThat(create(h, c, "/qc", 0)).isZero();
        quota(h, c, "/qc", "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=3");
        assertThat(create(h, c, "/qc/a", 0)).isZero();
        assertThat(create(h, c, "/qc/b", 0)).isZero();
        assertThat(create(h, c, "/qc/c", 0)).isEqualTo(ErrorCode.QUOTAEXCEEDED.code);
        assertThat(h.core.tree().get("/qc/c")).isNull();
        assertThat(stats(h, "/qc")).isEqualTo("count=3,bytes=0");
        // a node that exists already is reported as such: the quota check comes after the existence checks
        assertThat(create(h, c, "/qc/a", 0)).isEqualTo(ErrorCode.NODEEXISTS.code);
        // data changes do not count against a count limit
        assertThat(setData(h, c, "/qc/a", 100, -1)).isZero();
        assertThat(err(h.call(c, 3, OpCode.DELETE, new DeleteRequest("/qc/a", -1)))).isZero();
        assertThat(create(h, c, "/qc/c", 0)).isZero();
    }

    @Test
    void aHardByteLimitRefusesCreatesAndSetDataBeforeTheVersionCheck() {
        CoreHarness h = harness(true);
        FakeConnection c = h.connect(30000);
        assertThat(create(h, c, "/qb", 0)).isZero();
        quota(h, c, "/qb", "count=-1,bytes=-1=;byteHardLimit=10;countHardLimit=-1");
        assertThat(create(h, c, "/qb/x", 6)).isZero();
        assertThat(setData(h, c, "/qb/x", 12, -1)).isEqualTo(ErrorCode.QUOTAEXCEEDED.code);
        assertThat(setData(h, c, "/qb/x", 12, 7)).as("quota before version").isEqualTo(ErrorCode.QUOTAEXCEEDED.code);
        assertThat(setData(h, c, "/qb/x", 10, 7)).isEqualTo(ErrorCode.BADVERSION.code);
        assertThat(setData(h, c, "/qb/x", 10, 0)).isZero();
        assertThat(stats(h, "/qb")).isEqualTo("count=2,bytes=10");
        assertThat(create(h, c, "/qb/y", 1)).isEqualTo(ErrorCode.QUOTAEXCEEDED.code);
        // a create of no data adds no bytes: only the count is checked, and it has no limit
        assertThat(create(h, c, "/qb/z", 0)).isZero();
        // shrinking is always allowed
        assertThat(setData(h, c, "/qb/x", 2, -1)).isZero();
        assertThat(create(h, c, "/qb/y", 8)).isZero();
        assertThat(stats(h, "/qb")).isEqualTo("count=4,bytes=10");
    }

    @Test
    void theDeepestQuotaAboveAPathDecides() {
        CoreHarness h = harness(true);
        FakeConnection c = h.connect(30000);
        assertThat(create(h, c, "/outer", 0)).isZero();
        assertThat(create(h, c, "/outer/inner", 0)).isZero();
        quota(h, c, "/outer/inner", "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2");
        assertThat(create(h, c, "/outer/inner/a", 0)).isZero();
        assertThat(create(h, c, "/outer/inner/a/b", 0)).isEqualTo(ErrorCode.QUOTAEXCEEDED.code);
        assertThat(create(h, c, "/outer/beside", 0)).as("outside the quota").isZero();
    }

    @Test
    void aMultiFailsAtTheOperationThatWouldPassAHardLimitCountingTheCommittedStats() {
        CoreHarness h = harness(true);
        FakeConnection c = h.connect(30000);
        assertThat(create(h, c, "/qm", 0)).isZero();
        quota(h, c, "/qm", "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2");
        // each create is checked against the committed stats (count 1), not the multi's own earlier create: both
        // pass, and the quota ends above its limit, as in ZooKeeper
        FakeConnection.Sent both = h.call(c, 4, OpCode.MULTI, new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, create("/qm/a", NONE)),
                new MultiOp(OpCode.CREATE, create("/qm/b", NONE)))));
        assertThat(err(both)).isZero();
        assertThat(stats(h, "/qm")).isEqualTo("count=3,bytes=0");
        FakeConnection.Sent refused = h.call(c, 5, OpCode.MULTI, new MultiRequest(List.of(
                new MultiOp(OpCode.SET_DATA, new SetDataRequest("/qm/a", bytes(3), -1)),
                new MultiOp(OpCode.CREATE, create("/qm/c", NONE)))));
        List<Integer> errs = ((MultiResponse) refused.body()).results().stream().map(MultiResult::err).toList();
        assertThat(errs).hasSize(2).endsWith(ErrorCode.QUOTAEXCEEDED.code);
        assertThat(h.core.tree().get("/qm/c")).isNull();
        assertThat(h.core.tree().get("/qm/a").data()).isEmpty();
    }

    @Test
    void softLimitsAndAServerWithoutEnforcementLetWritesThrough() {
        CoreHarness soft = harness(true);
        FakeConnection c = soft.connect(30000);
        assertThat(create(soft, c, "/qs", 0)).isZero();
        quota(soft, c, "/qs", "count=1,bytes=1");
        assertThat(create(soft, c, "/qs/a", 5)).isZero();
        assertThat(setData(soft, c, "/qs/a", 50, -1)).isZero();

        CoreHarness off = harness(false);
        FakeConnection d = off.connect(30000);
        assertThat(create(off, d, "/qh", 0)).isZero();
        quota(off, d, "/qh", "count=-1,bytes=-1=;byteHardLimit=1;countHardLimit=1");
        assertThat(create(off, d, "/qh/a", 5)).isZero();
        assertThat(stats(off, "/qh")).isEqualTo("count=2,bytes=5");
    }
}

package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;

/** Sequential names: %010d of the parent's cversion at creation, which counts deletes too. */
class SequentialCompatTest extends CompatBase {

    private String seq(String prefix, CreateMode mode) throws Exception {
        return zk.create(prefix, new byte[0], Ids.OPEN_ACL_UNSAFE, mode);
    }

    @CompatTest
    void suffixFollowsParentCversion(ServerUnderTest s) throws Exception {
        String p = create(path("q"), "");
        assertThat(seq(p + "/n-", CreateMode.PERSISTENT_SEQUENTIAL)).isEqualTo(p + "/n-0000000000");
        assertThat(seq(p + "/n-", CreateMode.EPHEMERAL_SEQUENTIAL)).isEqualTo(p + "/n-0000000001");
        // a different prefix shares the same counter
        assertThat(seq(p + "/other", CreateMode.PERSISTENT_SEQUENTIAL)).isEqualTo(p + "/other0000000002");
        create(p + "/plain", "");
        zk.delete(p + "/plain", -1);
        zk.delete(p + "/n-0000000000", -1);
        // the suffix counts the creates ever made under the parent (deletes do not advance it) ...
        assertThat(seq(p + "/n-", CreateMode.PERSISTENT_SEQUENTIAL)).isEqualTo(p + "/n-0000000004");
        // a trailing slash makes the name the bare number
        assertThat(seq(p + "/", CreateMode.PERSISTENT_SEQUENTIAL)).isEqualTo(p + "/0000000005");
        assertThat(zk.create(p + "/ttl-", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL,
            null, 10_000)).isEqualTo(p + "/ttl-0000000006");
        // ... while the visible cversion counts creates and deletes: 7 creates + 2 deletes
        assertThat(zk.exists(p, false).getCversion()).isEqualTo(9);
        assertThat(zk.exists(p, false).getNumChildren()).isEqualTo(5);
    }

    @CompatTest
    void failedSequentialCreateDoesNotBumpCounter(ServerUnderTest s) throws Exception {
        String p = create(path("f"), "");
        zk.create(p + "/e", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        try {
            seq(p + "/e/x", CreateMode.PERSISTENT_SEQUENTIAL);
        } catch (org.apache.zookeeper.KeeperException.NoChildrenForEphemeralsException expected) {
            // expected
        }
        assertThat(seq(p + "/s", CreateMode.PERSISTENT_SEQUENTIAL)).isEqualTo(p + "/s0000000001");
    }

    @CompatTest
    void sequentialSuffixUnderDeepParent(ServerUnderTest s) throws Exception {
        create(path("a"), "");
        create(path("a/b"), "");
        for (int i = 0; i < 12; i++) {
            assertThat(seq(path("a/b/x"), CreateMode.PERSISTENT_SEQUENTIAL)).isEqualTo(path("a/b/x") + String.format("%010d", i));
        }
        assertThat(zk.exists(path("a"), false).getCversion()).isEqualTo(1);
    }
}

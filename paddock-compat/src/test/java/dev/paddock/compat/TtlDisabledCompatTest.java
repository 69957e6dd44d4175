package dev.paddock.compat;

import static dev.paddock.compat.ErrorCodeCompatTest.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs.Ids;

/** With extended types disabled (the ZooKeeper default) TTL creates are Unimplemented. */
@ServerSettings(extendedTypesEnabled = false)
class TtlDisabledCompatTest extends CompatBase {

    @CompatTest
    void ttlCreateIsUnimplemented(ServerUnderTest s) throws Exception {
        expect(Code.UNIMPLEMENTED, () -> zk.create(path("t"), new byte[0], Ids.OPEN_ACL_UNSAFE,
            CreateMode.PERSISTENT_WITH_TTL, null, 1000));
        expect(Code.UNIMPLEMENTED, () -> zk.create(path("t"), new byte[0], Ids.OPEN_ACL_UNSAFE,
            CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, null, 1000));
        expect(Code.UNIMPLEMENTED, () -> zk.multi(List.of(
            Op.create(path("t"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 1000))));
        assertThat(zk.getChildren(root, false)).isEmpty();
        // containers do not need extended types
        zk.create(path("c"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        assertThat(zk.exists(path("c"), false)).isNotNull();
    }
}

package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.session.SessionIds;
import java.lang.reflect.Method;
import java.util.SplittableRandom;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.junit.jupiter.api.Test;

/**
 * In a mixed ensemble a client may resume on a Paddock server a session a ZooKeeper server created (and the
 * other way round): both must derive the same password from a session id.
 */
class SessionPasswordCompatTest {
    @Test
    void paddockDerivesZooKeepersPasswordForEverySessionId() throws Exception {
        ZooKeeperServer zk = new ZooKeeperServer();
        Method generate = ZooKeeperServer.class.getDeclaredMethod("generatePasswd", long.class);
        generate.setAccessible(true);
        SplittableRandom ids = new SplittableRandom(42);
        for (int i = 0; i < 200; i++) {
            long id = i < 3 ? new long[] {1, -1, 0x1000000000000L}[i] : ids.nextLong();
            assertThat(SessionIds.password(id)).as("session 0x%x", id).isEqualTo((byte[]) generate.invoke(zk, id));
        }
    }
}

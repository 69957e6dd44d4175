package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** admin.snapshot.enabled=false and admin.restore.enabled=false: both commands answer 503 once authorized. */
class AdminSwitchesCompatTest extends OpsCompatBase {
    private static final String SUPER = "digest super:" + ServerUnderTest.SUPER_PASSWORD;

    @Override
    protected ZooKeeperProcess.Options options() {
        return new ZooKeeperProcess.Options(false, false,
            Map.of("admin.snapshot.enabled", "false", "admin.restore.enabled", "false"));
    }

    @Test
    void switchedOffSnapshotAndRestoreAnswer503AfterTheAuthCheck() {
        assertSameAnswer("snapshot without credentials", servers.zkAdmin().get("/commands/snapshot"),
            servers.paddockAdmin().get("/commands/snapshot"), 401);
        assertSameAnswer("snapshot as super", servers.zkAdmin().get("/commands/snapshot", "Authorization", SUPER),
            servers.paddockAdmin().get("/commands/snapshot", "Authorization", SUPER), 503);
        assertSameAnswer("restore as super", servers.zkAdmin().post("/commands/restore", new byte[0], "Authorization", SUPER),
            servers.paddockAdmin().post("/commands/restore", new byte[0], "Authorization", SUPER), 503);
    }
}

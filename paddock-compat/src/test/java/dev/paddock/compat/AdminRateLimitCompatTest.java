package dev.paddock.compat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * admin.rateLimiterIntervalInMS=600000000: ZooKeeper 3.9.3 reads the interval in microseconds for snapshot (600 s
 * here) and in milliseconds for restore; Paddock copies that. A second snapshot at once is refused with 429.
 */
class AdminRateLimitCompatTest extends OpsCompatBase {
    private static final String SUPER = "digest super:" + ServerUnderTest.SUPER_PASSWORD;

    @Override
    protected ZooKeeperProcess.Options options() {
        return new ZooKeeperProcess.Options(false, false, Map.of("admin.rateLimiterIntervalInMS", "600000000"));
    }

    @Test
    void aSecondSnapshotWithinTheIntervalIs429() {
        String path = "/commands/snapshot?streaming=false";
        assertSameAnswer("first snapshot", servers.zkAdmin().get(path, "Authorization", SUPER),
            servers.paddockAdmin().get(path, "Authorization", SUPER), 200);
        assertSameAnswer("second snapshot", servers.zkAdmin().get(path, "Authorization", SUPER),
            servers.paddockAdmin().get(path, "Authorization", SUPER), 429);
    }
}

package dev.paddock.faults.cluster;

import dev.paddock.client.PaddockClient;
import java.nio.file.Path;
import java.time.Duration;

/** Shared bits of the cluster tests: where runs keep their files, and connected clients. */
final class ClusterTestSupport {
    private ClusterTestSupport() {
    }

    /** target/cluster-tests/<name>-<time>: kept after the test for post-mortem (logs, configs, data-final). */
    static Path runDir(String name) {
        return Path.of("target", "cluster-tests", name + "-" + System.currentTimeMillis()).toAbsolutePath();
    }

    /** A Paddock client connected (within 30 s) to {@code connect}. */
    static PaddockClient connect(String connect) throws Exception {
        PaddockClient c = PaddockClient.builder(connect).sessionTimeout(10_000).build();
        if (!c.awaitConnected(Duration.ofSeconds(30))) {
            c.close();
            throw new AssertionError("no connection to " + connect + " within 30 s");
        }
        return c;
    }
}

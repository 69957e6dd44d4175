package dev.paddock.compat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One ZooKeeper child and one Paddock for the whole class, both after the shared {@link OpsWorkload}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OpsCompatBase {
    protected OpsServers servers;

    /** What the class turns on besides the admin servers. */
    protected abstract ZooKeeperProcess.Options options();

    @BeforeAll
    void startServers() throws Exception {
        servers = OpsServers.start(options());
    }

    @AfterAll
    void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }
}

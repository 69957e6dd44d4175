package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** The same status (the one given) and the same JSON after {@link AdminJson}'s normalization. */
    protected void assertSameAnswer(String what, AdminHttp.Reply zk, AdminHttp.Reply paddock, int status) {
        assertThat(paddock.status()).as("%s: status (Paddock said %s)", what, paddock.body()).isEqualTo(zk.status())
            .isEqualTo(status);
        assertThat(AdminJson.compare(zk.body(), servers.zkSide(), paddock.body(), servers.paddockSide(), n -> n))
            .as("%s: JSON differences", what).isEmpty();
    }

    @AfterAll
    void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }
}

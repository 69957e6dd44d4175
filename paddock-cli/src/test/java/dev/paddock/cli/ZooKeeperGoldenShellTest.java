package dev.paddock.cli;

import dev.paddock.client.testing.TestServerFactory;
import dev.paddock.client.testing.ZooKeeperTestServer;

/** The golden scripts against Apache ZooKeeper 3.9.3's server. */
class ZooKeeperGoldenShellTest extends GoldenShellSuite {
    @Override
    protected TestServerFactory serverFactory() {
        return ZooKeeperTestServer.factory(500);
    }
}

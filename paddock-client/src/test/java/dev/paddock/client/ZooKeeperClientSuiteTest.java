package dev.paddock.client;

import dev.paddock.client.testing.TestServerFactory;
import dev.paddock.client.testing.ZooKeeperTestServer;

/** The client suite against Apache ZooKeeper 3.9.3's real server. */
class ZooKeeperClientSuiteTest extends ClientSuite {
    @Override
    protected TestServerFactory serverFactory() {
        // tickTime 500 ms: the server grants session timeouts between 1 s and 10 s.
        return ZooKeeperTestServer.factory(500);
    }
}

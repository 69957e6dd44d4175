package dev.paddock.cli;

import dev.paddock.client.testing.TestServerFactory;
import dev.paddock.client.testing.PaddockTestServer;
import dev.paddock.client.testing.ZooKeeperTestServer;

/**
 * The golden scripts against Paddock: zkCli 3.9.3 and paddock-cli talking to a Paddock server print the same, and
 * the same as zkCli talking to ZooKeeper 3.9.3.
 */
class PaddockGoldenShellTest extends GoldenShellSuite {
    @Override
    protected TestServerFactory serverFactory() {
        return PaddockTestServer.factory(500);
    }

    @Override
    protected TestServerFactory referenceFactory() {
        return ZooKeeperTestServer.factory(500);
    }
}

package dev.paddock.cli;

import dev.paddock.client.testing.TestServerFactory;
import dev.paddock.client.testing.PaddockTestServer;

/** The golden scripts against Paddock: zkCli 3.9.3 and paddock-cli, both talking to a Paddock server. */
class PaddockGoldenShellTest extends GoldenShellSuite {
    @Override
    protected TestServerFactory serverFactory() {
        return PaddockTestServer.factory(500);
    }
}

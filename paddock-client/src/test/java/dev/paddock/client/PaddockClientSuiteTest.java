package dev.paddock.client;

import dev.paddock.client.testing.PaddockTestServer;
import dev.paddock.client.testing.TestServerFactory;

/** The same client suite against Paddock's own server (durable storage, restarts on the same data). */
class PaddockClientSuiteTest extends ClientSuite {
    @Override
    protected TestServerFactory serverFactory() {
        return PaddockTestServer.factory(500);
    }
}

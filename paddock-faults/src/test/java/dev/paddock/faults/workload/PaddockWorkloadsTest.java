package dev.paddock.faults.workload;

import java.nio.file.Path;

/** The workloads against Paddock's standalone server. */
class PaddockWorkloadsTest extends WorkloadRunTestBase {
    @Override
    TestServer startServer(Path dataDir) throws Exception {
        return new StandaloneServer(dataDir);
    }
}

package dev.paddock.faults.workload;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/** The workloads against Apache ZooKeeper 3.9.3's standalone server (test scope only), the control system. */
class ZooKeeperWorkloadsTest extends WorkloadRunTestBase {
    @Override
    TestServer startServer(Path dataDir) throws Exception {
        StandaloneServer.quietLogs();
        System.setProperty("zookeeper.admin.enableServer", "false");
        ZooKeeperServer zks = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), 500);
        ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 200);
        factory.startup(zks);
        return new TestServer() {
            @Override
            public String connect() {
                return "127.0.0.1:" + factory.getLocalPort();
            }

            @Override
            public void close() {
                factory.shutdown();
                zks.shutdown();
            }
        };
    }
}

package dev.paddock.server.admin;

import dev.paddock.core.CoreConfig;
import dev.paddock.core.ServerCore;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.zkformat.ZkSnapshotFormat;
import dev.paddock.server.core.CoreDriver;
import dev.paddock.server.core.DurableTxnLog;
import dev.paddock.server.core.TxnLog;
import dev.paddock.server.net.ConnectionRegistry;
import dev.paddock.server.net.NettyConnection;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone server's restore, on the core thread: the snapshot's tree becomes the tree at the log's high-water
 * zxid (so new transactions follow everything already logged, as ZooKeeper's go on from its last zxid), a Paddock
 * snapshot of it is written and synced (recovery then starts from it and replays only later transactions), a
 * fresh core takes over with the snapshot's sessions, and every client connection is closed (their sessions may
 * not exist any more; clients reconnect and find the restored data).
 */
public final class StandaloneRestore implements Restorer {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneRestore.class);

    private final CoreDriver driver;
    private final TxnLog log;
    private final CoreConfig coreConfig;
    private final ConnectionRegistry connections;

    public StandaloneRestore(CoreDriver driver, TxnLog log, CoreConfig coreConfig, ConnectionRegistry connections) {
        this.driver = driver;
        this.log = log;
        this.coreConfig = coreConfig;
        this.connections = connections;
    }

    @Override
    public CompletableFuture<Void> restore(ZkSnapshotFormat.Snapshot snapshot, long zxid) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        driver.run("admin restore", (core, now) -> {
            try {
                if (!(core instanceof ServerCore)) {
                    throw new IllegalStateException("this server's core cannot be restored");
                }
                long highWater = Math.max(zxid, Math.max(driver.lastLoggedZxid(), core.lastProcessedZxid()));
                DataTree tree = snapshot.tree();
                tree.setLastProcessedZxid(highWater);
                if (log instanceof DurableTxnLog durable) {
                    durable.snapshotNow(tree, snapshot.sessionTimeoutsMs(), highWater);
                }
                driver.replaceCore(new ServerCore(coreConfig, now, tree, snapshot.sessionTimeoutsMs()));
                List<NettyConnection> open = List.copyOf(connections.connections());
                open.forEach(NettyConnection::close);
                LOG.info("Restored a snapshot taken at zxid 0x{}: {} nodes, {} sessions; new transactions follow "
                        + "0x{}; {} client connections closed", Long.toHexString(zxid), tree.nodeCount(),
                        snapshot.sessionTimeoutsMs().size(), Long.toHexString(highWater), open.size());
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }
}

package dev.paddock.server.admin;

import dev.paddock.core.zkformat.ZkSnapshotFormat;
import java.util.concurrent.CompletableFuture;

/** What the restore command asks of the server: put a snapshot's tree and sessions in place of the live ones. */
@FunctionalInterface
public interface Restorer {
    /**
     * Replaces the server's tree and sessions with {@code snapshot}'s, taken at {@code zxid}; completes once the
     * server serves them and they are durable, or fails saying why not.
     */
    CompletableFuture<Void> restore(ZkSnapshotFormat.Snapshot snapshot, long zxid);
}

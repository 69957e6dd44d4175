package dev.paddock.quorum.node;

import dev.paddock.core.CoreConfig;
import dev.paddock.core.ServerCore;
import dev.paddock.core.tree.DataTree;
import dev.paddock.quorum.election.ServerState;
import dev.paddock.quorum.zab.Zxid;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * readonlymode.enabled for one ensemble member: once it has looked for a leader for the grace period (ZooKeeper
 * waits max(2000 ms, tickTime) before deciding it is partitioned), a read-only client front serves the replica as
 * it stands ({@link ServerCore#readOnly}); as soon as the election decides, that front stops and its clients are
 * dropped, so they reconnect to a read-write server. Driven by the node's ticks, no timers of its own.
 */
final class ReadOnlyMode {
    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyMode.class);

    private long graceMs = -1;
    private boolean localSessionsEnabled;
    /** When the member began looking; -1 before it first starts (ticks may come before the start). */
    private long lookingSinceMs = -1;
    private ServerCore front;

    void enable(long graceMs, boolean localSessionsEnabled) {
        if (graceMs < 0) {
            throw new IllegalArgumentException("graceMs must be >= 0, is " + graceMs);
        }
        this.graceMs = graceMs;
        this.localSessionsEnabled = localSessionsEnabled;
    }

    /** The member starts looking for a leader. */
    void looking(long nowMs) {
        lookingSinceMs = nowMs;
    }

    /** A tick while looking: start the front once the grace period is over, else let it expire its sessions. */
    void tick(CoreConfig config, DataTree tree, Map<Long, Integer> sessions, long nowMs) {
        if (graceMs < 0 || lookingSinceMs < 0) {
            return;
        }
        if (front == null && nowMs - lookingSinceMs >= graceMs) {
            front = ServerCore.readOnly(config, nowMs, tree, sessions, localSessionsEnabled);
            LOG.info("Read-only server started: server {} serves read-only clients from zxid {} after looking for"
                    + " {} ms", config.serverId(), Zxid.hex(tree.lastProcessedZxid()), nowMs - lookingSinceMs);
        } else if (front != null) {
            front.tick(nowMs);
        }
    }

    /** The election decided: the read-only front stops and its clients are dropped. */
    void stop(ServerState decided) {
        if (front != null) {
            LOG.info("Read-only server stops ({} now): closing its client connections", decided);
            front.closeAllConnections();
            front = null;
        }
    }

    ServerCore front() {
        return front;
    }
}

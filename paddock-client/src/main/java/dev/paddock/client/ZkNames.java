package dev.paddock.client;

import dev.paddock.jute.EventType;
import dev.paddock.jute.KeeperState;

/** The names ZooKeeper's Java API gives to event types and states (as printed by its tools). */
public final class ZkNames {
    private ZkNames() {
    }

    public static String eventType(EventType t) {
        return switch (t) {
            case NONE -> "None";
            case NODE_CREATED -> "NodeCreated";
            case NODE_DELETED -> "NodeDeleted";
            case NODE_DATA_CHANGED -> "NodeDataChanged";
            case NODE_CHILDREN_CHANGED -> "NodeChildrenChanged";
            case DATA_WATCH_REMOVED -> "DataWatchRemoved";
            case CHILD_WATCH_REMOVED -> "ChildWatchRemoved";
            case PERSISTENT_WATCH_REMOVED -> "PersistentWatchRemoved";
        };
    }

    public static String state(KeeperState s) {
        return switch (s) {
            case UNKNOWN -> "Unknown";
            case DISCONNECTED -> "Disconnected";
            case NO_SYNC_CONNECTED -> "NoSyncConnected";
            case SYNC_CONNECTED -> "SyncConnected";
            case AUTH_FAILED -> "AuthFailed";
            case CONNECTED_READ_ONLY -> "ConnectedReadOnly";
            case SASL_AUTHENTICATED -> "SaslAuthenticated";
            case EXPIRED -> "Expired";
            case CLOSED -> "Closed";
        };
    }
}

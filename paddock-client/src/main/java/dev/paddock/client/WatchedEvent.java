package dev.paddock.client;

import dev.paddock.jute.EventType;
import dev.paddock.jute.KeeperState;

/**
 * One event: a znode change ({@code type} other than NONE, {@code path} relative to the chroot) or a change of the
 * connection state ({@code type} NONE, {@code path} null).
 */
public record WatchedEvent(EventType type, KeeperState state, String path) {
    @Override
    public String toString() {
        return "WatchedEvent state:" + ZkNames.state(state) + " type:" + ZkNames.eventType(type) + " path:" + path;
    }
}

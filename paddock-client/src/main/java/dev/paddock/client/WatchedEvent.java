package dev.paddock.client;

import dev.paddock.jute.EventType;
import dev.paddock.jute.KeeperState;
import java.util.Objects;

/**
 * One event: a znode change ({@code type} other than NONE, {@code path} relative to the chroot) or a change of the
 * connection state ({@code type} NONE, {@code path} null). {@code zxid} is the zxid of the change that triggered a
 * node event when the server tells it, else {@link #NO_ZXID}; it is informational and not part of equality.
 */
public final class WatchedEvent {
    public static final long NO_ZXID = -1L;

    private final EventType type;
    private final KeeperState state;
    private final String path;
    private final long zxid;

    public WatchedEvent(EventType type, KeeperState state, String path, long zxid) {
        this.type = type;
        this.state = state;
        this.path = path;
        this.zxid = zxid;
    }

    public WatchedEvent(EventType type, KeeperState state, String path) {
        this(type, state, path, NO_ZXID);
    }

    public EventType type() {
        return type;
    }

    public KeeperState state() {
        return state;
    }

    public String path() {
        return path;
    }

    public long zxid() {
        return zxid;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WatchedEvent e && e.type == type && e.state == state && Objects.equals(e.path, path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, state, path);
    }

    /** The text ZooKeeper's client prints for an event. */
    @Override
    public String toString() {
        return "WatchedEvent state:" + ZkNames.state(state) + " type:" + ZkNames.eventType(type) + " path:" + path
                + " zxid: " + zxid;
    }
}

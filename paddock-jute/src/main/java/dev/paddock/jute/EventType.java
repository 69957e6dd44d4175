package dev.paddock.jute;

/** Watch event types as numbered on the wire. */
public enum EventType {
    NONE(-1), NODE_CREATED(1), NODE_DELETED(2), NODE_DATA_CHANGED(3), NODE_CHILDREN_CHANGED(4),
    DATA_WATCH_REMOVED(5), CHILD_WATCH_REMOVED(6), PERSISTENT_WATCH_REMOVED(7);

    public final int code;

    EventType(int code) {
        this.code = code;
    }

    private static final EventType[] ALL = values(); // values() makes a fresh array on every call

    public static EventType of(int code) {
        for (EventType t : ALL) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}

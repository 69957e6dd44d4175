package dev.paddock.jute;

/** ZooKeeper 3.9 request types, with their wire numbers. */
public enum OpCode {
    NOTIFICATION(0), CREATE(1), DELETE(2), EXISTS(3), GET_DATA(4), SET_DATA(5), GET_ACL(6), SET_ACL(7),
    GET_CHILDREN(8), SYNC(9), PING(11), GET_CHILDREN2(12), CHECK(13), MULTI(14), CREATE2(15), RECONFIG(16),
    CHECK_WATCHES(17), REMOVE_WATCHES(18), CREATE_CONTAINER(19), DELETE_CONTAINER(20), CREATE_TTL(21),
    MULTI_READ(22), AUTH(100), SET_WATCHES(101), SASL(102), GET_EPHEMERALS(103), GET_ALL_CHILDREN_NUMBER(104),
    SET_WATCHES2(105), ADD_WATCH(106), WHO_AM_I(107), CREATE_SESSION(-10), CLOSE_SESSION(-11), ERROR(-1);

    public final int code;

    OpCode(int code) {
        this.code = code;
    }

    private static final OpCode[] SMALL = new OpCode[23];
    private static final OpCode[] HUNDREDS = new OpCode[8];

    static {
        for (OpCode op : values()) {
            if (op.code >= 0 && op.code < SMALL.length) {
                SMALL[op.code] = op;
            } else if (op.code >= 100 && op.code < 100 + HUNDREDS.length) {
                HUNDREDS[op.code - 100] = op;
            }
        }
    }

    /** The op for a wire number, or null if ZooKeeper 3.9 has none. */
    public static OpCode of(int code) {
        if (code >= 0 && code < SMALL.length) {
            return SMALL[code];
        }
        if (code >= 100 && code < 100 + HUNDREDS.length) {
            return HUNDREDS[code - 100];
        }
        return switch (code) {
            case -10 -> CREATE_SESSION;
            case -11 -> CLOSE_SESSION;
            case -1 -> ERROR;
            default -> null;
        };
    }

    /** Whether the op changes state and so becomes a transaction. */
    public boolean isWrite() {
        return switch (this) {
            case CREATE, CREATE2, CREATE_CONTAINER, CREATE_TTL, DELETE, DELETE_CONTAINER, SET_DATA, SET_ACL, CHECK,
                 MULTI, RECONFIG, CREATE_SESSION, CLOSE_SESSION, ERROR -> true;
            default -> false;
        };
    }
}

package dev.paddock.jute;

/** Reserved xids of the client protocol, and zxid helpers. */
public final class Xids {
    public static final int NOTIFICATION = -1;
    public static final int PING = -2;
    public static final int AUTH = -4;
    public static final int SET_WATCHES = -8;

    private Xids() {
    }

    public static long epochOf(long zxid) {
        return zxid >>> 32;
    }

    public static long counterOf(long zxid) {
        return zxid & 0xffffffffL;
    }

    public static long makeZxid(long epoch, long counter) {
        return (epoch << 32) | (counter & 0xffffffffL);
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}

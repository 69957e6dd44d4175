package dev.paddock.quorum.zab;

/** A zxid is {@code epoch << 32 | counter}; helpers to build, split and print one. */
public final class Zxid {
    public static final long MAX_COUNTER = 0xffffffffL;

    private Zxid() {
    }

    public static long make(long epoch, long counter) {
        return (epoch << 32) | (counter & MAX_COUNTER);
    }

    public static long epoch(long zxid) {
        return zxid >>> 32;
    }

    public static long counter(long zxid) {
        return zxid & MAX_COUNTER;
    }

    public static String hex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }
}

package dev.paddock.core.tree;

/**
 * What a node's ephemeralOwner field means. Containers and TTL nodes reuse the field as ZooKeeper does:
 * a container's owner is exactly the sign bit; a TTL node's has the top byte 0xff, two zero bytes, then the TTL.
 */
public enum EphemeralType {
    VOID, NORMAL, CONTAINER, TTL;

    public static final long CONTAINER_OWNER = Long.MIN_VALUE;
    private static final long EXTENDED_MASK = 0xff00000000000000L;
    private static final long RESERVED_MASK = 0x00ffff0000000000L;
    public static final long MAX_TTL = ~(EXTENDED_MASK | RESERVED_MASK);

    public static EphemeralType of(long owner) {
        if ((owner & EXTENDED_MASK) == EXTENDED_MASK && (owner & RESERVED_MASK) == 0) {
            return TTL;
        }
        if (owner == CONTAINER_OWNER) {
            return CONTAINER;
        }
        return owner == 0 ? VOID : NORMAL;
    }

    public static boolean validTtl(long ttl) {
        return ttl > 0 && ttl <= MAX_TTL;
    }

    public static long ttlOwner(long ttl) {
        return EXTENDED_MASK | ttl;
    }

    public static long ttlOf(long owner) {
        return owner & MAX_TTL;
    }
}

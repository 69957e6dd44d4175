package dev.paddock.server.net;

/**
 * The requests of one connection still waiting for their reply, in arrival order: xid, operation name, arrival
 * time and whether it is a write, kept in parallel arrays used as a ring, so remembering a request allocates
 * nothing. Replies almost always leave in request order, so the one looked for is nearly always the oldest;
 * another is found by a scan from the oldest and taken out by closing the gap. Not thread-safe: the owner locks.
 */
final class PendingRequests {
    private static final int INITIAL = 16;

    private int[] xids = new int[INITIAL];
    private String[] ops = new String[INITIAL];
    private long[] receivedMs = new long[INITIAL];
    private boolean[] updates = new boolean[INITIAL];
    private int head;
    private int size;

    int size() {
        return size;
    }

    void add(int xid, String op, long nowMs, boolean update) {
        if (size == xids.length) {
            grow();
        }
        int i = index(size);
        xids[i] = xid;
        ops[i] = op;
        receivedMs[i] = nowMs;
        updates[i] = update;
        size++;
    }

    /** The xid of the oldest request; the ring must not be empty. */
    int oldestXid() {
        return xids[head];
    }

    void removeOldest() {
        ops[head] = null;
        head = index(1);
        size--;
    }

    /** The position (0: the oldest) of the oldest request with {@code xid}, or -1. */
    int find(int xid) {
        for (int k = 0; k < size; k++) {
            if (xids[index(k)] == xid) {
                return k;
            }
        }
        return -1;
    }

    String op(int k) {
        return ops[index(k)];
    }

    long receivedMs(int k) {
        return receivedMs[index(k)];
    }

    boolean update(int k) {
        return updates[index(k)];
    }

    /** Takes out the request at position {@code k}, keeping the others in order. */
    void remove(int k) {
        if (k == 0) {
            removeOldest();
            return;
        }
        for (int j = k; j < size - 1; j++) {
            int to = index(j);
            int from = index(j + 1);
            xids[to] = xids[from];
            ops[to] = ops[from];
            receivedMs[to] = receivedMs[from];
            updates[to] = updates[from];
        }
        ops[index(size - 1)] = null;
        size--;
    }

    private int index(int k) {
        return (head + k) & (xids.length - 1);
    }

    private void grow() {
        int n = xids.length * 2;
        int[] x = new int[n];
        String[] o = new String[n];
        long[] r = new long[n];
        boolean[] u = new boolean[n];
        for (int k = 0; k < size; k++) {
            int i = index(k);
            x[k] = xids[i];
            o[k] = ops[i];
            r[k] = receivedMs[i];
            u[k] = updates[i];
        }
        xids = x;
        ops = o;
        receivedMs = r;
        updates = u;
        head = 0;
    }
}

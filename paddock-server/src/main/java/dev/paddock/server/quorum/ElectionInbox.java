package dev.paddock.server.quorum;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue of received election messages, for a consumer thread that polls. When full the oldest message
 * is dropped: the transport's I/O thread never waits, and an election only cares about recent notifications
 * (ZooKeeper's receive queue behaves the same way).
 */
public final class ElectionInbox implements ElectionTransport.Receiver {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<ElectionMessage> queue = new ArrayDeque<>();
    private final int capacity;
    private long dropped;

    public ElectionInbox() {
        this(ElectionWire.RECV_CAPACITY);
    }

    public ElectionInbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    @Override
    public void onMessage(long fromSid, byte[] payload) {
        lock.lock();
        try {
            if (queue.size() == capacity) {
                queue.pollFirst();
                dropped++;
            }
            queue.addLast(new ElectionMessage(fromSid, payload));
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest message, waiting up to timeout; null when none came. */
    public ElectionMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Messages dropped because the inbox was full. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }
}

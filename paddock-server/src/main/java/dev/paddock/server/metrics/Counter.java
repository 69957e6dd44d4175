package dev.paddock.server.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A ZooKeeper counter: a total that only goes up (until {@code srst} under the default provider). Thread-safe. */
public final class Counter {
    private final String name;
    private final LongAdder value;

    Counter(String name) {
        this(name, new LongAdder());
    }

    /** A counter over an adder kept elsewhere (the overload limits keep theirs). */
    Counter(String name, LongAdder value) {
        this.name = name;
        this.value = value;
    }

    public String name() {
        return name;
    }

    public void inc() {
        value.increment();
    }

    public void add(long delta) {
        value.add(delta);
    }

    public long get() {
        return value.sum();
    }

    void reset() {
        value.reset();
    }
}

package dev.paddock.faults.cluster;

/** Which server an ensemble runs: Paddock under test, or Apache ZooKeeper 3.9.3 as the control. */
public enum Kind {
    PADDOCK,
    ZOOKEEPER
}

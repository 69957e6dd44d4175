package dev.paddock.jute;

/** The create flags of ZooKeeper 3.9 with their wire numbers. */
public enum CreateMode {
    PERSISTENT(0, false, false),
    EPHEMERAL(1, true, false),
    PERSISTENT_SEQUENTIAL(2, false, true),
    EPHEMERAL_SEQUENTIAL(3, true, true),
    CONTAINER(4, false, false),
    PERSISTENT_WITH_TTL(5, false, false),
    PERSISTENT_SEQUENTIAL_WITH_TTL(6, false, true);

    public final int flag;
    public final boolean ephemeral;
    public final boolean sequential;

    CreateMode(int flag, boolean ephemeral, boolean sequential) {
        this.flag = flag;
        this.ephemeral = ephemeral;
        this.sequential = sequential;
    }

    public boolean isContainer() {
        return this == CONTAINER;
    }

    public boolean isTtl() {
        return this == PERSISTENT_WITH_TTL || this == PERSISTENT_SEQUENTIAL_WITH_TTL;
    }

    /** The mode for a flag, or null when the flag is not one ZooKeeper defines. */
    public static CreateMode of(int flag) {
        return flag >= 0 && flag < ALL.length ? ALL[flag] : null;
    }

    private static final CreateMode[] ALL = values(); // values() makes a fresh array on every call
}

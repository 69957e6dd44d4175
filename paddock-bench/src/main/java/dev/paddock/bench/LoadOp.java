package dev.paddock.bench;

/**
 * One operation type for the pinned scenario, which measures each on its own: the reads on /bench/data/n*
 * (getChildren on /bench/data, 100 children), setData of the payload, a persistent sequential create under
 * /bench/seq, delete of a node created before the run, and a multi of two setData.
 */
public enum LoadOp {
    GET_DATA("getData", false),
    EXISTS("exists", false),
    GET_CHILDREN("getChildren", false),
    SET_DATA("setData", true),
    CREATE("create (sequential)", true),
    DELETE("delete", true),
    MULTI("multi (2 x setData)", true);

    private final String label;
    private final boolean write;

    LoadOp(String label, boolean write) {
        this.label = label;
        this.write = write;
    }

    public String label() {
        return label;
    }

    public boolean isWrite() {
        return write;
    }
}

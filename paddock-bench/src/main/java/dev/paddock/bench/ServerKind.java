package dev.paddock.bench;

/**
 * The two servers under test; both are started with the same JVM flags, each from the benchmark's class path with its
 * own jars first and the other server's left out ({@link ServerClasspath}).
 */
public enum ServerKind {
    PADDOCK("Paddock", "dev.paddock.server.PaddockServer", "dev.paddock.server.PaddockServer"),
    ZOOKEEPER("ZooKeeper 3.9.3", "org.apache.zookeeper.server.ZooKeeperServerMain",
            "org.apache.zookeeper.server.quorum.QuorumPeerMain");

    private final String label;
    private final String mainClass;
    private final String ensembleMainClass;

    ServerKind(String label, String mainClass, String ensembleMainClass) {
        this.label = label;
        this.mainClass = mainClass;
        this.ensembleMainClass = ensembleMainClass;
    }

    /** The main class of an ensemble member (ZooKeeper runs a quorum peer from another main). */
    public String ensembleMainClass() {
        return ensembleMainClass;
    }

    public String label() {
        return label;
    }

    public String mainClass() {
        return mainClass;
    }
}

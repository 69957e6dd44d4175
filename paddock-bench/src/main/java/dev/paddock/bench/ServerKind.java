package dev.paddock.bench;

/** The two servers under test; both are started from the same class path with the same JVM flags. */
public enum ServerKind {
    PADDOCK("Paddock", "dev.paddock.server.PaddockServer"),
    ZOOKEEPER("ZooKeeper 3.9.3", "org.apache.zookeeper.server.ZooKeeperServerMain");

    private final String label;
    private final String mainClass;

    ServerKind(String label, String mainClass) {
        this.label = label;
        this.mainClass = mainClass;
    }

    public String label() {
        return label;
    }

    public String mainClass() {
        return mainClass;
    }
}

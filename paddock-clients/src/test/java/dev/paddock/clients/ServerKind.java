package dev.paddock.clients;

/** The two servers every client runs against: Paddock under test and Apache ZooKeeper 3.9.3 as the reference. */
enum ServerKind {
    PADDOCK("Paddock"),
    ZOOKEEPER("ZooKeeper 3.9.3");

    private final String label;

    ServerKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}

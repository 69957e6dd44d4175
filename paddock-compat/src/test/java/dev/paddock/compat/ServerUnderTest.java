package dev.paddock.compat;

import java.util.Arrays;
import java.util.List;

/** A running server (Apache ZooKeeper or Paddock) that a compat test talks to over a real socket. */
public interface ServerUnderTest extends AutoCloseable {

    /** The super user's password configured on every target (user "super"). */
    String SUPER_PASSWORD = "compat-super-secret";

    /** "zookeeper" or "paddock". */
    String target();

    int clientPort();

    default String connectString() {
        return "127.0.0.1:" + clientPort();
    }

    default boolean isPaddock() {
        return "paddock".equals(target());
    }

    ServerSettings settings();

    /** Stops this server (idempotent) and deletes its data directory. */
    @Override
    void close();

    /**
     * Stops this server without deleting its data and starts a new one of the same kind on the same data directory
     * (on a new ephemeral port). The returned server owns the data directory; closing this one afterwards is a no-op.
     */
    ServerUnderTest restart();

    /** Targets chosen with -Dpaddock.compat.targets (default "zookeeper,paddock"). */
    static List<String> selectedTargets() {
        String prop = System.getProperty("paddock.compat.targets", "");
        if (prop.isBlank()) {
            prop = "zookeeper,paddock";
        }
        List<String> targets = Arrays.stream(prop.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String t : targets) {
            if (!t.equals("zookeeper") && !t.equals("paddock")) {
                throw new IllegalArgumentException("unknown compat target '" + t + "' (use zookeeper and/or paddock)");
            }
        }
        return targets;
    }

    static ServerUnderTest start(String target, ServerSettings settings) {
        return switch (target) {
            case "zookeeper" -> ZooKeeperReference.start(settings);
            case "paddock" -> PaddockUnderTest.start(settings);
            default -> throw new IllegalArgumentException("unknown target " + target);
        };
    }
}

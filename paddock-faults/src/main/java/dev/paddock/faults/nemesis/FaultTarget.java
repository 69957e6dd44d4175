package dev.paddock.faults.nemesis;

import java.util.List;
import java.util.Optional;

/**
 * What a nemesis can do to an ensemble. The real one acts on server processes in network namespaces; a test's
 * records what it was told. Servers are numbered by their server id.
 */
public interface FaultTarget {
    List<Integer> servers();

    /** The current leader, if one serves. */
    Optional<Integer> leader();

    /** Packets from {@code from} to {@code to} are dropped (one direction); {@code quorumOnly}: peer ports only. */
    void block(Link link, boolean quorumOnly);

    /** A share of the packets {@code server} receives from its peers is dropped. */
    void loss(int server, double probability);

    /** Removes every block and loss rule. */
    void healNetwork();

    void kill(int server);

    void restart(int server);

    void pause(int server);

    void resume(int server);

    /** The server's wall clock jumps by {@code offsetMillis} (negative: backwards). */
    void clockJump(int server, long offsetMillis);

    void clockReset(int server);

    void fillDisk(int server);

    void freeDisk(int server);

    /** Paddock's fault hooks: fsync delay and quorum packet delay for one server (0 clears). */
    void hooks(int server, int diskDelayMs, int quorumDelayMs, int quorumJitterMs);

    /** A directed link between two servers. */
    record Link(int from, int to) {
        public static List<Link> bothWays(int a, int b) {
            return List.of(new Link(a, b), new Link(b, a));
        }
    }
}

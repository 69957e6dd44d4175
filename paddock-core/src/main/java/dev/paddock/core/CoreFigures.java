package dev.paddock.core;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The read-only figures four-letter words report about a server's core. Call on the core thread only. */
public interface CoreFigures {

    long lastProcessedZxid();

    int nodeCount();

    long approximateDataSize();

    List<SessionView> sessions();

    int ephemeralCount();

    int watchCount();

    Map<Long, Set<String>> watchesBySession();

    Map<String, Set<Long>> watchesByPath();

    int outstandingRequests();

    /**
     * The ensemble's sessions this server knows of (ZooKeeper's global_sessions): the leader's tracked sessions, a
     * learner's sessions as the replicated transactions define them. {@link #sessions()} lists only those whose
     * expiry this server tracks (none on a learner).
     */
    default int globalSessionCount() {
        return sessions().size();
    }

    /** Sessions this server keeps to itself (localSessionsEnabled): ZooKeeper's local_sessions. */
    default int localSessionCount() {
        return 0;
    }

    /** An ensemble member's quorum figures; null on a standalone server. */
    default QuorumFigures quorumFigures() {
        return null;
    }
}

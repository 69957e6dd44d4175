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

    /** An ensemble member's quorum figures; null on a standalone server. */
    default QuorumFigures quorumFigures() {
        return null;
    }
}

package dev.paddock.server.core;

import dev.paddock.core.SessionView;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The core's read-only introspection, as four-letter words use it. Call on the core thread only. */
public interface CoreQueries {
    long lastProcessedZxid();

    int nodeCount();

    long approximateDataSize();

    List<SessionView> sessions();

    int ephemeralCount();

    int watchCount();

    Map<Long, Set<String>> watchesBySession();

    Map<String, Set<Long>> watchesByPath();

    int outstandingRequests();

    /** The quorum figures of an ensemble member; null on a standalone server. */
    default QuorumFigures quorumFigures() {
        return null;
    }
}

package dev.paddock.faults.net;

/** Which server-to-server traffic a firewall fault cuts. Client traffic (from the root namespace) is never cut. */
public enum Scope {
    /** Every packet between the servers concerned. */
    ALL,
    /** Only the quorum (2888) and election (3888) connections; anything else between the servers passes. */
    QUORUM_ONLY
}

package dev.paddock.quorum.election;

/**
 * A vote: who should lead, with the zxid and epoch that make it a good choice, and the round it was cast in.
 * {@code state} and {@code version} are those of the notification the vote came from; a vote this server makes
 * itself has state LOOKING and version 0, as in ZooKeeper.
 *
 * @param leader        proposed (or elected) leader sid
 * @param zxid          that leader's last logged zxid
 * @param electionEpoch the logical clock of the round
 * @param peerEpoch     that leader's epoch
 * @param state         the state of the server that cast it
 * @param version       the message format version it arrived with
 */
public record Vote(long leader, long zxid, long electionEpoch, long peerEpoch, ServerState state, int version) {

    public Vote(long leader, long zxid, long electionEpoch, long peerEpoch) {
        this(leader, zxid, electionEpoch, peerEpoch, ServerState.LOOKING, 0);
    }

    /**
     * Whether two votes count as the same when tallying (ZooKeeper's {@code Vote.equals}, which is not an
     * equivalence, hence not {@code equals} here). If either is a LOOKING vote, all of leader, zxid, round and
     * peerEpoch must match. Votes of servers that have left the election compare only leader and peerEpoch (their
     * zxid and round can legitimately differ), and only the leader if exactly one of them predates format
     * version 1 (mixed-version ensembles report peerEpoch differently).
     */
    public boolean countsAs(Vote other) {
        if (state == ServerState.LOOKING || other.state == ServerState.LOOKING) {
            return leader == other.leader && zxid == other.zxid && electionEpoch == other.electionEpoch
                && peerEpoch == other.peerEpoch;
        }
        if ((version > 0) ^ (other.version > 0)) {
            return leader == other.leader;
        }
        return leader == other.leader && peerEpoch == other.peerEpoch;
    }

    /** This vote with another peer epoch (what ZooKeeper's {@code updateElectionVote} does once a leader is followed). */
    public Vote withPeerEpoch(long newPeerEpoch) {
        return new Vote(leader, zxid, electionEpoch, newPeerEpoch, state, version);
    }

    @Override
    public String toString() {
        return "(" + leader + ", 0x" + Long.toHexString(zxid) + ", round 0x" + Long.toHexString(electionEpoch)
            + ", epoch 0x" + Long.toHexString(peerEpoch) + ")";
    }
}

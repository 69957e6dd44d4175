package dev.paddock.quorum.zab;

import dev.paddock.jute.quorum.QuorumPacket;
import java.util.List;

/**
 * One server's Zab role (leader, follower or observer) as a plain state machine: no threads, sockets, disk or
 * clock inside. The driver feeds inputs one at a time from one thread and calls {@link #drain()} after every
 * input, carrying out the outputs in order before the next input (see {@link ZabOutput} for what "carry out"
 * means for disk actions). Once the role emits {@link ZabOutput.ElectionNeeded} it ignores further input; the
 * driver runs an election and starts a fresh role.
 */
public sealed interface ZabRole permits ZabLeader, ZabLearner {

    /** A packet arrived from peer {@code fromSid} over the quorum connection. */
    void onPacket(long fromSid, QuorumPacket packet);

    /** One tick (ZooKeeper's tickTime) has passed. initLimit and syncLimit are counted in these. */
    void tick();

    /** The local log is durable up to and including {@code zxid} (reported in log order). */
    void persisted(long zxid);

    /** A quorum connection to {@code sid} is up (for a learner: to its leader). */
    void connected(long sid);

    /** The quorum connection to {@code sid} is gone. */
    void disconnected(long sid);

    /**
     * Queues a packet the server builds itself (REQUEST, REVALIDATE, SYNC replies) behind the role's own
     * outputs, so it keeps its place in the stream; dropped when the peer is not connected.
     */
    void sendRaw(long toSid, QuorumPacket packet);

    /** Takes the outputs produced since the last drain, in the order they must be carried out. */
    List<ZabOutput> drain();

    /** True once the role asked for an election; it then does nothing more. */
    boolean isStopped();

    /** The epoch this role established or is trying to join; -1 while unknown. */
    long epoch();
}

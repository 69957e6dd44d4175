package dev.paddock.quorum.election;

import java.util.Set;

/** What an {@link ElectionCore} asks its driver to do. */
public sealed interface Outbound permits Outbound.Send, Outbound.Decided, Outbound.PeerLooking,
        Outbound.NewerConfig {

    /**
     * Send a notification to a peer's election port. Never addressed to this server: the core delivers its own
     * notifications to itself, as ZooKeeper's connection manager loops them back.
     */
    record Send(long toSid, Notification notification) implements Outbound {
        /** The wire bytes ({@link NotificationCodec#encode}). */
        public byte[] bytes() {
            return NotificationCodec.encode(notification);
        }
    }

    /**
     * The election is over for this server: it now {@code role} (LEADING, FOLLOWING or OBSERVING) the leader
     * {@code vote.leader()} for epoch {@code vote.peerEpoch()}. {@code supporters} are the sids whose votes made the
     * quorum (a leader may use them as the followers it waits for). The core stays in this role, answering
     * LOOKING peers with this vote, until {@link ElectionCore#start} is called again.
     */
    record Decided(ServerState role, Vote vote, Set<Long> supporters) implements Outbound {
    }

    /**
     * While LEADING, a voter said it is LOOKING (ZooKeeper tells its {@code Leader.reportLookingSid}, which can
     * give up waiting for the new epoch). Informational; ignoring it is correct.
     */
    record PeerLooking(long sid) implements Outbound {
    }

    /**
     * While LOOKING, a peer's notification carried a configuration newer than this server's (a reconfiguration this
     * server missed). ZooKeeper adopts it and restarts the election with it; so does the node.
     */
    record NewerConfig(long fromSid, byte[] config) implements Outbound {
    }
}

package dev.paddock.quorum.forward;

import dev.paddock.core.CoreConfig;
import dev.paddock.core.FakeConnection;
import dev.paddock.core.LoggedTxn;
import dev.paddock.core.ServerCore;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.quorum.zab.PacketType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A leader's (server 1) and a learner's (server 2) client fronts joined by the forwarding packets, with commits
 * delivered by hand (an instant, lossless Zab). Every transaction the leader commits is kept in {@link #log}.
 */
final class TwoFronts {
    long now = 10_000_000;
    final DataTree leaderTree = new DataTree();
    final DataTree learnerTree = new DataTree();
    final ServerCore leader;
    final ForwardingGateway gateway = new ForwardingGateway();
    final ServerCore learner;
    final LearnerRequests intake;
    final List<LoggedTxn> log = new ArrayList<>();
    private final List<QuorumPacket> fromLeader = new ArrayList<>();

    /** @param config the settings of both (each gets its own server id) */
    TwoFronts(CoreConfig config) {
        leader = ServerCore.leading(withId(config, 1), now, leaderTree, Map.of(), 1);
        learner = ServerCore.learning(withId(config, 2), now, learnerTree, Map.of(), gateway);
        intake = new LearnerRequests(leader.pipeline());
    }

    private static CoreConfig withId(CoreConfig c, long id) {
        return new CoreConfig(id, c.tickTimeMs(), c.minSessionTimeoutMs(), c.maxSessionTimeoutMs(), c.superDigest(),
                c.extendedTypesEnabled(), c.containerCheckIntervalMs(), c.skipAcl(), c.wallClock(),
                c.reconfigEnabled(), c.localSessionsEnabled(), c.localSessionsUpgradingEnabled());
    }

    /** Delivers the learner's packets to the leader, commits every proposal everywhere, answers syncs. */
    void stabilize() {
        for (int round = 0; round < 10; round++) {
            boolean syncWanted = false;
            for (QuorumPacket p : gateway.takeOutbox()) {
                switch (p.type()) {
                    case PacketType.REQUEST -> syncWanted |= intake.onRequest(2, p, now);
                    case PacketType.REVALIDATE -> fromLeader.add(intake.onRevalidate(2, p, now));
                    default -> throw new AssertionError("unexpected " + PacketType.name(p.type()));
                }
            }
            List<LoggedTxn> proposals = leader.takeProposals();
            if (!proposals.isEmpty()) {
                log.addAll(proposals);
                leader.committed(proposals.get(proposals.size() - 1).zxid(), now);
                proposals.forEach(learner::apply);
            }
            if (syncWanted) {
                fromLeader.add(new QuorumPacket(PacketType.SYNC, leaderTree.lastProcessedZxid(), null, null));
            }
            for (QuorumPacket p : fromLeader) {
                if (p.type() == PacketType.REVALIDATE) {
                    ForwardingGateway.Revalidated r = gateway.onRevalidate(p);
                    learner.revalidated(r.sessionId(), r.valid(), now);
                } else if (p.type() == PacketType.SYNC) {
                    ForwardingGateway.PendingSync s = gateway.onSync();
                    learner.synced(s.sessionId(), s.cxid());
                }
            }
            fromLeader.clear();
        }
    }

    /** A new session on {@code server}; its id (0 if refused). */
    long connect(ServerCore server, FakeConnection c) {
        return connect(server, c, 0, new byte[16]);
    }

    /** Connects (or resumes {@code sessionId}) on {@code server}; the id the connect response gives. */
    long connect(ServerCore server, FakeConnection c, long sessionId, byte[] password) {
        server.connect(c, new ConnectRequest(0, 0, 10_000, sessionId, password), now);
        stabilize();
        return ((ConnectResponse) c.sent.get(0)).sessionId();
    }
}

package dev.paddock.quorum.forward;

import dev.paddock.core.pipeline.LeaderPipeline;
import dev.paddock.core.pipeline.Preparer;
import dev.paddock.jute.JuteException;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.jute.txn.CreateSessionTxn;
import dev.paddock.quorum.zab.PacketType;
import java.util.List;
import java.util.Map;

/**
 * The leader's side of {@link ForwardingGateway}: what learners forward on behalf of their clients goes into
 * the leader's pipeline exactly as its own clients' requests do. Malformed payloads throw {@link JuteException};
 * the caller drops that learner's connection (as ZooKeeper does), nothing else.
 */
public final class LearnerRequests {
    private final LeaderPipeline pipeline;

    public LearnerRequests(LeaderPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * A REQUEST packet. Returns true for a sync: the leader must answer the learner with a SYNC packet once every
     * proposal it has made so far is committed (the learner then has everything the sync must see).
     */
    public boolean onRequest(long fromSid, QuorumPacket packet, long nowMs) {
        LearnerRequestCodec.Forwarded f = LearnerRequestCodec.decode(packet.data());
        List<Id> auth = packet.authinfo() == null ? List.of() : packet.authinfo();
        switch (f.op()) {
            case CREATE_SESSION -> {
                if (!(f.body() instanceof CreateSessionTxn t)) {
                    throw new JuteException("createSession without a timeout from a learner");
                }
                pipeline.createSession(f.sessionId(), t.timeOut(), fromSid, nowMs);
            }
            case CLOSE_SESSION -> pipeline.closeSession(f.sessionId(), f.cxid(), nowMs);
            case SYNC -> {
                return true; // sessions are touched by the learner's PING replies, not by each request
            }
            default -> {
                if (!f.op().isWrite()) {
                    throw new JuteException("a learner forwarded a " + f.op() + ", which is not a write");
                }
                pipeline.write(f.op(), f.body(), new Preparer.Caller(f.sessionId(), f.cxid(), auth), fromSid, nowMs);
            }
        }
        return false;
    }

    /** A REVALIDATE packet: the answer to send back to that learner. */
    public QuorumPacket onRevalidate(long fromSid, QuorumPacket packet, long nowMs) {
        LearnerRequestCodec.Revalidate r = LearnerRequestCodec.decodeRevalidate(packet.data());
        boolean valid = pipeline.revalidate(r.sessionId(), r.timeoutMs(), fromSid, nowMs);
        return new QuorumPacket(PacketType.REVALIDATE, packet.zxid(),
                LearnerRequestCodec.encodeRevalidateReply(r.sessionId(), valid), null);
    }

    /** A learner's PING reply: the sessions its clients were heard from on, each extended by its timeout. */
    public void onPing(QuorumPacket packet, long nowMs) {
        for (Map.Entry<Long, Integer> e : LearnerRequestCodec.decodeTouches(packet.data()).entrySet()) {
            pipeline.touch(e.getKey(), e.getValue(), nowMs);
        }
    }
}

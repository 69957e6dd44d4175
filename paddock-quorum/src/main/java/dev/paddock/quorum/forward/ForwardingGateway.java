package dev.paddock.quorum.forward;

import dev.paddock.core.LeaderGateway;
import dev.paddock.core.LoggedTxn;
import dev.paddock.core.pipeline.Preparer;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.proto.SyncRequest;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.jute.txn.CreateSessionTxn;
import dev.paddock.quorum.zab.PacketType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A learner's way to the leader, in ZooKeeper's bytes: client writes, session creation and closing, and syncs
 * travel as REQUEST packets; a reconnecting session is checked with REVALIDATE; sessions heard from since the
 * last PING ride back on the PING reply. Packets to send collect in {@link #takeOutbox()}; the leader's answers
 * come in through {@link #onRevalidate} and {@link #onSync}.
 */
public final class ForwardingGateway implements LeaderGateway {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardingGateway.class);

    /** A sync waiting for the leader's SYNC packet; they are answered in the order they were sent. */
    public record PendingSync(long sessionId, int cxid) {
    }

    /** The leader's verdict on a reconnecting session. */
    public record Revalidated(long sessionId, boolean valid) {
    }

    private final List<QuorumPacket> outbox = new ArrayList<>();
    private final Map<Long, Integer> touches = new LinkedHashMap<>();
    private final ArrayDeque<PendingSync> pendingSyncs = new ArrayDeque<>();

    @Override
    public void createSession(long sessionId, int timeoutMs, long nowMs) {
        touches.put(sessionId, timeoutMs);
        request(sessionId, 0, OpCode.CREATE_SESSION, new CreateSessionTxn(timeoutMs), List.of());
    }

    @Override
    public void closeSession(long sessionId, int cxid, long nowMs) {
        request(sessionId, cxid, OpCode.CLOSE_SESSION, null, List.of());
    }

    @Override
    public void write(OpCode op, JuteRecord body, Preparer.Caller caller, long nowMs) {
        request(caller.sessionId(), caller.cxid(), op, body, caller.authIds());
    }

    @Override
    public boolean touch(long sessionId, int timeoutMs, long nowMs) {
        touches.put(sessionId, timeoutMs);
        return true; // only the leader knows; it refuses the session's writes if it has expired
    }

    @Override
    public Validity revalidate(long sessionId, int timeoutMs, long nowMs) {
        LOG.info("Revalidating session 0x{} with the leader", Long.toHexString(sessionId));
        JuteOutput out = new JuteOutput(12);
        out.writeLong(sessionId);
        out.writeInt(timeoutMs);
        outbox.add(new QuorumPacket(PacketType.REVALIDATE, -1, out.toByteArray(), null));
        return Validity.PENDING;
    }

    @Override
    public boolean sync(long sessionId, int cxid, String path, long nowMs) {
        pendingSyncs.addLast(new PendingSync(sessionId, cxid));
        request(sessionId, cxid, OpCode.SYNC, new SyncRequest(path), List.of());
        return false;
    }

    @Override
    public void applied(LoggedTxn txn) {
        // the leader's pipeline tracks what is applied; a learner has nothing to forget
    }

    private void request(long sessionId, int cxid, OpCode op, JuteRecord body, java.util.Collection<Id> authIds) {
        outbox.add(new QuorumPacket(PacketType.REQUEST, -1, LearnerRequestCodec.encode(sessionId, cxid, op, body),
                List.copyOf(authIds)));
    }

    // ---------------------------------------------------------------- the leader's answers

    /** A REVALIDATE answer from the leader. */
    public Revalidated onRevalidate(QuorumPacket packet) {
        Revalidated r = LearnerRequestCodec.decodeRevalidateReply(packet.data());
        LOG.info("Leader says session 0x{} is {}", Long.toHexString(r.sessionId()), r.valid() ? "valid" : "invalid");
        return r;
    }

    /** A SYNC from the leader answers the oldest sync sent; null if none was waiting. */
    public PendingSync onSync() {
        PendingSync s = pendingSyncs.pollFirst();
        if (s == null) {
            LOG.warn("SYNC from the leader with no sync waiting; ignored");
        }
        return s;
    }

    /** What a PING reply carries: the sessions heard from since the last one, with their timeouts (then forgotten). */
    public byte[] takeTouches() {
        JuteOutput out = new JuteOutput(12 * Math.max(1, touches.size()));
        for (Map.Entry<Long, Integer> e : touches.entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue());
        }
        touches.clear();
        return out.toByteArray();
    }

    /** The answer to the leader's PING, carrying {@link #takeTouches()}. */
    public QuorumPacket pingReply(QuorumPacket ping) {
        return new QuorumPacket(ping.type(), ping.zxid(), takeTouches(), ping.authinfo());
    }

    /** Sessions touched since the last PING reply (for tests and 4lw). */
    public Set<Long> touchedSessions() {
        return touches.keySet();
    }

    /** Packets to send to the leader, in order. */
    public List<QuorumPacket> takeOutbox() {
        if (outbox.isEmpty()) {
            return List.of();
        }
        List<QuorumPacket> out = new ArrayList<>(outbox);
        outbox.clear();
        return out;
    }
}

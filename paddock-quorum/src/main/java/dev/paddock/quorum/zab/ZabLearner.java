package dev.paddock.quorum.zab;

import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.quorum.LearnerInfo;
import dev.paddock.jute.quorum.QuorumPacket;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A follower's or observer's side of Zab: register with the leader, accept its epoch, take its history (DIFF,
 * TRUNC or SNAP, then txns), persist it all before acking NEWLEADER, then follow the broadcast. A follower acks
 * each proposal once it is durable; an observer never acks proposals and learns commits from INFORM.
 */
public final class ZabLearner implements ZabRole {
    private static final Logger LOG = LoggerFactory.getLogger(ZabLearner.class);

    private enum Phase {
        CONNECTING, DISCOVERY, AWAIT_SYNC, SYNCING, AWAIT_PERSIST_FOR_NEWLEADER, AWAIT_UPTODATE, BROADCAST, STOPPED
    }

    private final ZabConfig cfg;
    private final long leaderSid;
    private final boolean observer;
    private final Outbox out = new Outbox();
    /** Proposals logged but not yet committed, in zxid order. */
    private final ArrayDeque<LoggedTxn> pending = new ArrayDeque<>();
    /** Zxids to ack once durable (a follower after its NEWLEADER ack). */
    private final ArrayDeque<Long> toAck = new ArrayDeque<>();

    private Phase phase = Phase.CONNECTING;
    private long acceptedEpoch;
    private long currentEpoch;
    private long lastLoggedZxid;
    private long persistedZxid;
    private long lastAppliedZxid;
    private long newEpoch = -1;
    private long newLeaderZxid = -1;
    /** The configuration text NEWLEADER carried (the leader's, to be put in force once synced); may be empty. */
    private byte[] newLeaderConfig = new byte[0];
    /** The log end when NEWLEADER arrived: what must be durable before we ack it. */
    private long syncedZxid = -1;
    private long syncFromZxid;
    private ZabOutput.SyncMode syncMode;
    private int ticksSinceHeard;
    /** Report zxid 0 and take only a SNAP: this server's disk cannot be truncated to the leader's history. */
    private boolean snapshotRequired;
    private java.util.function.Supplier<byte[]> pingPayload = () -> new byte[0];

    public ZabLearner(ZabConfig cfg, long leaderSid, boolean observer, DurableState state) {
        this.cfg = cfg;
        this.leaderSid = leaderSid;
        this.observer = observer;
        this.acceptedEpoch = state.acceptedEpoch();
        this.currentEpoch = state.currentEpoch();
        this.lastLoggedZxid = state.lastLoggedZxid();
        this.persistedZxid = state.lastLoggedZxid();
        this.lastAppliedZxid = state.lastLoggedZxid();
    }

    /**
     * Asks for a full snapshot: ACKEPOCH reports zxid 0 (for which ZooKeeper's leaders and Paddock's send a SNAP,
     * no log reaching back before the first txn) and a DIFF or TRUNC ends the role. For a server whose disk refused
     * a TRUNC: it keeps what it holds until the leader's snapshot replaces it.
     */
    public void requireSnapshot() {
        snapshotRequired = true;
    }

    // ---- inputs ----

    @Override
    public void connected(long sid) {
        if (sid != leaderSid || phase != Phase.CONNECTING) {
            return;
        }
        phase = Phase.DISCOVERY;
        ticksSinceHeard = 0;
        byte[] info = new LearnerInfo(cfg.mySid(), PacketType.PROTOCOL_VERSION, cfg.configVersion()).toBytes();
        out.send(leaderSid, observer ? PacketType.OBSERVERINFO : PacketType.FOLLOWERINFO,
                Zxid.make(acceptedEpoch, 0), info);
    }

    @Override
    public void disconnected(long sid) {
        if (sid == leaderSid) {
            stop("lost the connection to leader " + leaderSid);
        }
    }

    @Override
    public void onPacket(long fromSid, QuorumPacket p) {
        if (phase == Phase.STOPPED || fromSid != leaderSid) {
            return;
        }
        ticksSinceHeard = 0;
        try {
            switch (p.type()) {
                case PacketType.LEADERINFO -> onLeaderInfo(p);
                case PacketType.DIFF, PacketType.TRUNC, PacketType.SNAP -> onSyncOp(p);
                case PacketType.PROPOSAL -> onProposal(p);
                case PacketType.COMMIT -> onCommit(p.zxid());
                case PacketType.INFORM -> onInform(p);
                case PacketType.COMMITANDACTIVATE -> {
                    long designated = designatedLeader(p.data());
                    onCommit(p.zxid());
                    out.add(new ZabOutput.Activate(p.zxid(), designated));
                }
                case PacketType.INFORMANDACTIVATE -> {
                    byte[] d = p.data();
                    long designated = designatedLeader(d);
                    onInform(new QuorumPacket(PacketType.INFORM, p.zxid(),
                            java.util.Arrays.copyOfRange(d, Long.BYTES, d.length), p.authinfo()));
                    out.add(new ZabOutput.Activate(p.zxid(), designated));
                }
                case PacketType.NEWLEADER -> onNewLeader(p);
                case PacketType.UPTODATE -> onUpToDate();
                case PacketType.PING -> {
                    if (phase == Phase.BROADCAST) {
                        // the reply carries this server's session touches, as ZooKeeper's learner sends them
                        out.add(new ZabOutput.Send(leaderSid,
                                new QuorumPacket(PacketType.PING, p.zxid(), pingPayload.get(), p.authinfo())));
                    }
                }
                case PacketType.REVALIDATE, PacketType.SYNC -> {
                    if (phase == Phase.BROADCAST) {
                        out.add(new ZabOutput.Deliver(leaderSid, p));
                    }
                }
                default -> LOG.warn("Learner {} ignores {} from leader {}", cfg.mySid(), PacketType.name(p.type()),
                        leaderSid);
            }
        } catch (RuntimeException e) {
            stop("bad " + PacketType.name(p.type()) + " from leader " + leaderSid + ": " + e.getMessage());
        }
    }

    @Override
    public void tick() {
        if (phase == Phase.STOPPED) {
            return;
        }
        ticksSinceHeard++;
        int limit = phase.compareTo(Phase.AWAIT_UPTODATE) >= 0 ? cfg.syncLimitTicks() : cfg.initLimitTicks();
        if (ticksSinceHeard > limit) {
            stop("leader " + leaderSid + " silent for " + ticksSinceHeard + " ticks in " + phase);
        }
    }

    @Override
    public void persisted(long zxid) {
        if (phase == Phase.STOPPED || zxid <= persistedZxid) {
            return;
        }
        persistedZxid = zxid;
        if (phase == Phase.AWAIT_PERSIST_FOR_NEWLEADER) {
            maybeAckNewLeader();
        }
        sendDurableAcks();
    }

    /**
     * What the PING reply carries: the session touches since the last ping (long sessionId, int timeoutMs each),
     * supplied by the server's session tracker. Empty by default.
     */
    public void setPingPayload(java.util.function.Supplier<byte[]> payload) {
        this.pingPayload = payload;
    }

    @Override
    public void sendRaw(long toSid, QuorumPacket packet) {
        if (phase != Phase.STOPPED && phase != Phase.CONNECTING && toSid == leaderSid) {
            out.add(new ZabOutput.Send(toSid, packet));
        }
    }

    @Override
    public List<ZabOutput> drain() {
        return out.drain();
    }

    @Override
    public boolean isStopped() {
        return phase == Phase.STOPPED;
    }

    @Override
    public long epoch() {
        return newEpoch;
    }

    public long leaderSid() {
        return leaderSid;
    }

    public boolean isObserver() {
        return observer;
    }

    /** True after UPTODATE: this server may serve clients. */
    public boolean isServing() {
        return phase == Phase.BROADCAST;
    }

    /** ZooKeeper's Zab state names: discovery until the epoch is acked, synchronization, then broadcast. */
    public String zabState() {
        return switch (phase) {
            case CONNECTING, DISCOVERY -> "discovery";
            case AWAIT_SYNC, SYNCING, AWAIT_PERSIST_FOR_NEWLEADER, AWAIT_UPTODATE -> "synchronization";
            case BROADCAST, STOPPED -> "broadcast";
        };
    }

    /** How the leader is syncing us ("diff", "snap", "trunc") until NEWLEADER is acked; null otherwise. */
    public String syncModeInProgress() {
        boolean syncing = phase == Phase.SYNCING || phase == Phase.AWAIT_PERSIST_FOR_NEWLEADER;
        return syncing && syncMode != null ? syncMode.name().toLowerCase(java.util.Locale.ROOT) : null;
    }

    /** The configuration NEWLEADER carried; empty before NEWLEADER or when the leader sent none. */
    public byte[] newLeaderConfig() {
        return newLeaderConfig.clone();
    }

    public long lastAppliedZxid() {
        return lastAppliedZxid;
    }

    // ---- discovery ----

    private void onLeaderInfo(QuorumPacket p) {
        if (phase != Phase.DISCOVERY) {
            throw new IllegalStateException("LEADERINFO in " + phase);
        }
        Outbox.readInt(p.data(), "LEADERINFO"); // the leader's protocol version; any Zab 1.0 leader is fine
        long epoch = Zxid.epoch(p.zxid());
        int ackData;
        if (epoch > acceptedEpoch) {
            ackData = (int) currentEpoch;
            acceptedEpoch = epoch;
            out.add(new ZabOutput.WriteAcceptedEpoch(epoch));
        } else if (epoch == acceptedEpoch) {
            ackData = -1; // already promised this epoch number: tell our zxid but do not count as an ack
        } else {
            stop("leader's epoch " + epoch + " is below our accepted epoch " + acceptedEpoch);
            return;
        }
        newEpoch = epoch;
        out.send(leaderSid, PacketType.ACKEPOCH, snapshotRequired ? 0 : lastLoggedZxid, Outbox.intBytes(ackData));
        phase = Phase.AWAIT_SYNC;
    }

    // ---- sync ----

    private void onSyncOp(QuorumPacket p) {
        if (phase != Phase.AWAIT_SYNC) {
            throw new IllegalStateException(PacketType.name(p.type()) + " in " + phase);
        }
        if (snapshotRequired && p.type() != PacketType.SNAP) {
            stop("needs a snapshot, but leader " + leaderSid + " sent " + PacketType.name(p.type()));
            return;
        }
        syncFromZxid = lastLoggedZxid;
        switch (p.type()) {
            case PacketType.DIFF -> syncMode = ZabOutput.SyncMode.DIFF;
            case PacketType.TRUNC -> {
                syncMode = ZabOutput.SyncMode.TRUNC;
                if (p.zxid() > lastLoggedZxid) {
                    throw new IllegalStateException("TRUNC to " + Zxid.hex(p.zxid()) + " beyond our log end "
                            + Zxid.hex(lastLoggedZxid));
                }
                LOG.warn("Learner {} truncates its log after {} (it ended at {})", cfg.mySid(), Zxid.hex(p.zxid()),
                        Zxid.hex(lastLoggedZxid));
                out.add(new ZabOutput.Truncate(p.zxid()));
                resetLogTo(p.zxid());
            }
            case PacketType.SNAP -> {
                syncMode = ZabOutput.SyncMode.SNAP;
                if (p.data() == null) {
                    throw new IllegalStateException("SNAP without a snapshot");
                }
                out.add(new ZabOutput.InstallSnapshot(p.zxid(), p.data()));
                resetLogTo(p.zxid());
            }
            default -> throw new IllegalStateException("not a sync op");
        }
        phase = Phase.SYNCING;
    }

    private void resetLogTo(long zxid) {
        lastLoggedZxid = zxid;
        persistedZxid = zxid;
        lastAppliedZxid = zxid;
    }

    private void onProposal(QuorumPacket p) {
        if (observer && phase == Phase.BROADCAST) {
            throw new IllegalStateException("PROPOSAL to an observer");
        }
        if (phase.compareTo(Phase.SYNCING) < 0) {
            throw new IllegalStateException("PROPOSAL in " + phase);
        }
        LoggedTxn txn = TxnPayload.decode(p.data());
        if (txn.zxid() != p.zxid()) {
            throw new IllegalStateException("PROPOSAL " + Zxid.hex(p.zxid()) + " holds txn " + Zxid.hex(txn.zxid()));
        }
        if (txn.zxid() <= lastLoggedZxid) {
            LOG.warn("Learner {} ignores PROPOSAL {}: log already ends at {}", cfg.mySid(), Zxid.hex(txn.zxid()),
                    Zxid.hex(lastLoggedZxid));
            return;
        }
        lastLoggedZxid = txn.zxid();
        pending.add(txn);
        out.add(new ZabOutput.Append(txn));
        if (!observer && phase.compareTo(Phase.AWAIT_UPTODATE) >= 0) {
            toAck.add(txn.zxid());
        }
    }

    private void onCommit(long zxid) {
        if (phase.compareTo(Phase.SYNCING) < 0) {
            throw new IllegalStateException("COMMIT in " + phase);
        }
        if (zxid <= lastAppliedZxid) {
            return;
        }
        LoggedTxn next = pending.peekFirst();
        if (next == null || next.zxid() != zxid) {
            throw new IllegalStateException("COMMIT " + Zxid.hex(zxid) + " but the next pending proposal is "
                    + (next == null ? "none" : Zxid.hex(next.zxid())));
        }
        pending.pollFirst();
        apply(next);
    }

    private void onInform(QuorumPacket p) {
        if (!observer || phase.compareTo(Phase.SYNCING) < 0) {
            throw new IllegalStateException("INFORM to a " + (observer ? "syncing observer" : "follower"));
        }
        LoggedTxn txn = TxnPayload.decode(p.data());
        if (txn.zxid() <= lastAppliedZxid) {
            return;
        }
        if (txn.zxid() > lastLoggedZxid) {
            lastLoggedZxid = txn.zxid();
            out.add(new ZabOutput.Append(txn));
        }
        apply(txn);
    }

    /** The 8-byte designated leader that COMMITANDACTIVATE and INFORMANDACTIVATE start with. */
    private static long designatedLeader(byte[] data) {
        if (data == null || data.length < Long.BYTES) {
            throw new IllegalStateException("no designated leader in an ACTIVATE packet");
        }
        return java.nio.ByteBuffer.wrap(data).getLong();
    }

    private void apply(LoggedTxn txn) {
        lastAppliedZxid = txn.zxid();
        out.add(new ZabOutput.Apply(txn));
    }

    private void onNewLeader(QuorumPacket p) {
        if (phase != Phase.SYNCING) {
            throw new IllegalStateException("NEWLEADER in " + phase);
        }
        if (Zxid.epoch(p.zxid()) != newEpoch) {
            throw new IllegalStateException("NEWLEADER for epoch " + Zxid.epoch(p.zxid()) + ", expected " + newEpoch);
        }
        newLeaderZxid = p.zxid();
        newLeaderConfig = p.data() == null ? new byte[0] : p.data().clone();
        syncedZxid = lastLoggedZxid;
        phase = Phase.AWAIT_PERSIST_FOR_NEWLEADER;
        maybeAckNewLeader();
    }

    /**
     * Acks NEWLEADER only once everything synced is durable, and writes currentEpoch in between: an ack (or a
     * currentEpoch) ahead of the data would let a quorum count history that a crash can still lose
     * (ZOOKEEPER-3911, 4643, 4646, 4685).
     */
    private void maybeAckNewLeader() {
        if (persistedZxid < syncedZxid) {
            return;
        }
        currentEpoch = newEpoch;
        out.add(new ZabOutput.WriteCurrentEpoch(newEpoch));
        out.send(leaderSid, PacketType.ACK, newLeaderZxid, null);
        phase = Phase.AWAIT_UPTODATE;
        if (!observer) {
            for (LoggedTxn t : pending) {
                toAck.add(t.zxid()); // still uncommitted at the leader: it counts our ack like any other
            }
            sendDurableAcks();
        }
    }

    private void onUpToDate() {
        if (phase != Phase.AWAIT_UPTODATE) {
            throw new IllegalStateException("UPTODATE in " + phase);
        }
        phase = Phase.BROADCAST;
        out.send(leaderSid, PacketType.ACK, Zxid.make(newEpoch, 0), null);
        LOG.info("{} {} synced with leader {} in epoch {} by {} from {} to {}", observer ? "Observer" : "Follower",
                cfg.mySid(), leaderSid, newEpoch, syncMode, Zxid.hex(syncFromZxid), Zxid.hex(lastLoggedZxid));
        out.add(new ZabOutput.Synced(leaderSid, newEpoch, syncMode));
    }

    // ---- broadcast ----

    private void sendDurableAcks() {
        if (phase.compareTo(Phase.AWAIT_UPTODATE) < 0) {
            return;
        }
        while (!toAck.isEmpty() && toAck.peekFirst() <= persistedZxid) {
            out.send(leaderSid, PacketType.ACK, toAck.pollFirst(), null);
        }
    }

    private void stop(String reason) {
        if (phase == Phase.STOPPED) {
            return;
        }
        phase = Phase.STOPPED;
        LOG.info("Learner {} stops following leader {} (epoch {}): {}", cfg.mySid(), leaderSid, newEpoch, reason);
        out.add(new ZabOutput.ElectionNeeded(reason));
    }
}

package dev.paddock.quorum.zab;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.config.QuorumConfig;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.txn.SetDataTxn;
import java.nio.charset.StandardCharsets;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.quorum.LearnerInfo;
import dev.paddock.jute.quorum.QuorumPacket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of Zab: discovery (pick the new epoch from a quorum of learners' accepted epochs), sync (bring
 * each learner to our history by DIFF, TRUNC or SNAP, then NEWLEADER, then UPTODATE once a quorum has persisted
 * it) and broadcast (PROPOSAL, a quorum of ACKs, COMMIT in zxid order; INFORM for observers).
 */
public final class ZabLeader implements ZabRole {
    private static final Logger LOG = LoggerFactory.getLogger(ZabLeader.class);

    private enum Phase { DISCOVERY, EPOCH_ACKS, NEWLEADER_ACKS, BROADCAST, STOPPED }

    /**
     * @param quorums the voter sets of which a majority must ack: the configuration in force, plus the proposed one
     *                while a reconfiguration is in flight (ZooKeeper's quorum verifier / ack set pairs)
     * @param next    the configuration a reconfiguration proposes; null for any other txn
     */
    private record Proposal(LoggedTxn txn, byte[] data, Set<Long> acks, List<Set<Long>> quorums, QuorumConfig next) {
    }

    private final ZabConfig cfg;
    private final SyncSource syncSource;
    private final Outbox out = new Outbox();
    private final long startCurrentEpoch;
    private final long startLastZxid;
    private final Map<Long, LearnerPeer> learners = new TreeMap<>();
    private final Map<Long, Long> connectingEpochs = new HashMap<>();
    private final Set<Long> epochAcks = new HashSet<>();
    private final Set<Long> newLeaderAcks = new HashSet<>();
    private final TreeMap<Long, Proposal> outstanding = new TreeMap<>();

    private Phase phase = Phase.DISCOVERY;
    private long tick;
    private long phaseStartTick;
    private long acceptedEpoch;
    private long newEpoch = -1;
    private long lastProposedZxid;
    private long lastCommittedZxid;
    private long selfPersistedZxid;
    /** The voters in force; changed when a reconfiguration commits. */
    private Set<Long> voters;
    /** The voters of a reconfiguration proposed (or found in our log) and not yet activated; null when none. */
    private Set<Long> nextVoters;
    /** The configuration text NEWLEADER carries: the one in force. */
    private byte[] configText;
    /** When set, what NEWLEADER carries instead, given the NEWLEADER zxid (an initial configuration's new version). */
    private java.util.function.LongFunction<byte[]> newLeaderConfig;

    public ZabLeader(ZabConfig cfg, DurableState state, SyncSource syncSource) {
        if (!cfg.isVoter(cfg.mySid())) {
            throw new IllegalArgumentException("server " + cfg.mySid() + " is not a voter and cannot lead");
        }
        this.cfg = cfg;
        this.syncSource = syncSource;
        this.voters = cfg.voters();
        this.nextVoters = cfg.nextVoters().isEmpty() ? null : cfg.nextVoters();
        this.configText = cfg.quorumConfig();
        this.acceptedEpoch = state.acceptedEpoch();
        this.startCurrentEpoch = state.currentEpoch();
        this.startLastZxid = state.lastLoggedZxid();
        this.lastCommittedZxid = state.lastLoggedZxid();
        this.selfPersistedZxid = state.lastLoggedZxid();
        connectingEpochs.put(cfg.mySid(), acceptedEpoch);
        LOG.info("Server {} starts leading: acceptedEpoch {}, currentEpoch {}, last zxid {}", cfg.mySid(),
                acceptedEpoch, startCurrentEpoch, Zxid.hex(startLastZxid));
        maybeDecideEpoch();
    }

    // ---- inputs ----

    @Override
    public void onPacket(long fromSid, QuorumPacket p) {
        if (phase == Phase.STOPPED) {
            return;
        }
        LearnerPeer peer = learners.get(fromSid);
        if (peer != null) {
            peer.lastHeardTick = tick;
        }
        try {
            switch (p.type()) {
                case PacketType.FOLLOWERINFO, PacketType.OBSERVERINFO -> onLearnerInfo(fromSid, p);
                case PacketType.ACKEPOCH -> {
                    if (peer != null) {
                        onAckEpoch(peer, p);
                    }
                }
                case PacketType.ACK -> {
                    if (peer != null) {
                        onAck(peer, p.zxid());
                    }
                }
                case PacketType.PING -> {
                    if (p.data() != null && p.data().length > 0) {
                        out.add(new ZabOutput.Deliver(fromSid, p)); // session touches, for the session tracker
                    }
                }
                case PacketType.REQUEST, PacketType.REVALIDATE, PacketType.SYNC -> {
                    if (peer != null && peer.forwarding()) {
                        out.add(new ZabOutput.Deliver(fromSid, p));
                    }
                }
                default -> LOG.warn("Leader {} ignores {} from {}", cfg.mySid(), PacketType.name(p.type()), fromSid);
            }
        } catch (RuntimeException e) {
            LOG.warn("Leader {}: bad {} from {}: {}", cfg.mySid(), PacketType.name(p.type()), fromSid, e.toString());
            dropLearner(fromSid, "bad packet: " + e.getMessage());
        }
    }

    /**
     * PINGs every learner that is past sync. ZooKeeper's leader pings every half tick, and a ZooKeeper learner's
     * read timeout is syncLimit ticks: the driver calls this between ticks too, so the margin is ZooKeeper's.
     */
    public void pingLearners() {
        if (phase != Phase.BROADCAST) {
            return;
        }
        for (LearnerPeer peer : learners.values()) {
            if (peer.forwarding()) {
                out.send(peer.sid, PacketType.PING, lastProposedZxid, null);
            }
        }
    }

    @Override
    public void tick() {
        if (phase == Phase.STOPPED) {
            return;
        }
        tick++;
        for (LearnerPeer peer : List.copyOf(learners.values())) {
            int limit = peer.ackedNewLeader() ? cfg.syncLimitTicks() : cfg.initLimitTicks();
            if (tick - peer.lastHeardTick > limit) {
                dropLearner(peer.sid, "silent for " + (tick - peer.lastHeardTick) + " ticks");
            }
        }
        if (phase != Phase.BROADCAST) {
            if (tick - phaseStartTick > cfg.initLimitTicks()) {
                stop("no quorum within initLimit while in " + phase + " for epoch " + newEpoch);
            }
            return;
        }
        Set<Long> synced = new HashSet<>();
        synced.add(cfg.mySid());
        pingLearners();
        for (LearnerPeer peer : learners.values()) {
            if (!peer.observer && peer.ackedNewLeader()) {
                synced.add(peer.sid);
            }
        }
        if (!isQuorum(synced)) {
            stop("not enough followers synced, only " + synced);
        }
    }

    @Override
    public void persisted(long zxid) {
        if (phase == Phase.STOPPED || zxid <= selfPersistedZxid) {
            return;
        }
        selfPersistedZxid = zxid;
        for (Proposal p : outstanding.headMap(zxid, true).values()) {
            p.acks.add(cfg.mySid());
        }
        tryCommit();
    }

    @Override
    public void connected(long sid) {
        // the learner speaks first (FOLLOWERINFO/OBSERVERINFO)
    }

    @Override
    public void disconnected(long sid) {
        if (learners.remove(sid) != null) {
            LOG.info("Leader {} epoch {}: learner {} disconnected", cfg.mySid(), newEpoch, sid);
        }
    }

    @Override
    public void sendRaw(long toSid, QuorumPacket packet) {
        LearnerPeer peer = learners.get(toSid);
        if (phase != Phase.STOPPED && peer != null) {
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

    // ---- broadcast API ----

    /** True once a quorum has acked NEWLEADER: proposals are taken. */
    public boolean isEstablished() {
        return phase == Phase.BROADCAST;
    }

    /** The zxid the next proposal must carry; -1 when not established. */
    public long nextZxid() {
        return isEstablished() ? lastProposedZxid + 1 : -1;
    }

    public long lastCommittedZxid() {
        return lastCommittedZxid;
    }

    /** Number of voters (self included) currently synced; for stats. */
    public int syncedFollowers() {
        int n = 0;
        for (LearnerPeer p : learners.values()) {
            n += !p.observer && p.ackedNewLeader() ? 1 : 0;
        }
        return n;
    }

    /** Learners connected (followers and observers, synced or not), as ZooKeeper's {@code learners} gauge. */
    public int learnerCount() {
        return learners.size();
    }

    /**
     * Learners past the start of their sync (they get the broadcast), voters or observers as asked: ZooKeeper's
     * forwarding followers and observing learners, which its {@code synced_followers}/{@code synced_observers}
     * gauges count.
     */
    /** Followers past the start of their sync that are not voters of the configuration in force. */
    public int forwardingNonVoters() {
        int n = 0;
        for (LearnerPeer p : learners.values()) {
            n += !p.observer && p.forwarding() && !voters.contains(p.sid) ? 1 : 0;
        }
        return n;
    }

    public int forwardingLearners(boolean observers) {
        int n = 0;
        for (LearnerPeer p : learners.values()) {
            n += p.observer == observers && p.forwarding() ? 1 : 0;
        }
        return n;
    }

    /** ZooKeeper's Zab state names: discovery until a quorum acks the epoch, synchronization, then broadcast. */
    public String zabState() {
        return switch (phase) {
            case DISCOVERY, EPOCH_ACKS -> "discovery";
            case NEWLEADER_ACKS -> "synchronization";
            case BROADCAST, STOPPED -> "broadcast";
        };
    }

    /**
     * Proposes a txn whose zxid is {@link #nextZxid()}. Returns false (and proposes nothing) when not established
     * or when the zxid counter is exhausted; in the latter case the leader stops and asks for an election, whose
     * new epoch restarts the counter (ZooKeeper does the same at 0xffffffff).
     */
    public boolean propose(LoggedTxn txn) {
        if (!isEstablished()) {
            return false;
        }
        if (txn.zxid() != lastProposedZxid + 1) {
            throw new IllegalArgumentException("proposal zxid " + Zxid.hex(txn.zxid()) + " is not the next one, "
                    + Zxid.hex(lastProposedZxid + 1));
        }
        if (Zxid.counter(txn.zxid()) >= cfg.lastUsableCounter()) {
            stop("zxid counter of epoch " + newEpoch + " is exhausted at " + Zxid.hex(txn.zxid()));
            return false;
        }
        QuorumConfig next = null;
        if (txn.header().type() == OpCode.RECONFIG.code) {
            next = QuorumConfig.parse(new String(((SetDataTxn) txn.txn()).data(), StandardCharsets.UTF_8));
            nextVoters = next.voters();
            LOG.info("Leader {} proposes configuration 0x{}: voters {} -> {}", cfg.mySid(),
                    Long.toHexString(next.version()), voters, nextVoters);
        }
        lastProposedZxid = txn.zxid();
        byte[] data = TxnPayload.encode(txn);
        List<Set<Long>> quorums = nextVoters == null ? List.of(voters) : List.of(voters, nextVoters);
        outstanding.put(txn.zxid(), new Proposal(txn, data, new HashSet<>(), quorums, next));
        out.add(new ZabOutput.Append(txn));
        for (LearnerPeer peer : learners.values()) {
            if (peer.forwarding() && !peer.observer) {
                out.send(peer.sid, PacketType.PROPOSAL, txn.zxid(), data);
            }
        }
        return true;
    }

    // ---- discovery ----

    private void onLearnerInfo(long sid, QuorumPacket p) {
        boolean observer = p.type() == PacketType.OBSERVERINFO;
        LearnerInfo info = LearnerInfo.read(new JuteInput(p.data()));
        if (info.serverid() != sid) {
            throw new IllegalArgumentException("LearnerInfo names server " + info.serverid());
        }
        if (!observer && !isVoterNowOrNext(sid)) {
            // ZooKeeper takes it as a non-voting follower: a server started to join by reconfiguration syncs
            // and acks first, and counts once a configuration names it
            LOG.info("Leader {}: follower {} is not a voter of the configuration in force", cfg.mySid(), sid);
        }
        long peerAccepted = Zxid.epoch(p.zxid());
        LearnerPeer peer = new LearnerPeer(sid, observer, peerAccepted, tick);
        learners.put(sid, peer);
        LOG.info("Leader {}: {} {} connected, acceptedEpoch {}", cfg.mySid(), observer ? "observer" : "follower",
                sid, peerAccepted);
        if (newEpoch >= 0) {
            sendLeaderInfo(peer);
            return;
        }
        if (!observer) {
            connectingEpochs.put(sid, peerAccepted);
        }
        maybeDecideEpoch();
    }

    private void maybeDecideEpoch() {
        if (newEpoch >= 0 || !isQuorum(connectingEpochs.keySet())) {
            return;
        }
        long max = 0;
        for (long e : connectingEpochs.values()) {
            max = Math.max(max, e);
        }
        newEpoch = max + 1;
        acceptedEpoch = newEpoch;
        out.add(new ZabOutput.WriteAcceptedEpoch(newEpoch));
        LOG.info("Leader {}: new epoch {} from the accepted epochs of {}", cfg.mySid(), newEpoch,
                connectingEpochs.keySet());
        enterPhase(Phase.EPOCH_ACKS);
        epochAcks.add(cfg.mySid());
        for (LearnerPeer peer : learners.values()) {
            sendLeaderInfo(peer);
        }
        maybeEpochQuorum();
    }

    private void sendLeaderInfo(LearnerPeer peer) {
        peer.stage = LearnerPeer.Stage.LEADERINFO_SENT;
        out.send(peer.sid, PacketType.LEADERINFO, Zxid.make(newEpoch, 0), Outbox.intBytes(PacketType.PROTOCOL_VERSION));
    }

    private void onAckEpoch(LearnerPeer peer, QuorumPacket p) {
        if (peer.stage != LearnerPeer.Stage.LEADERINFO_SENT) {
            return;
        }
        int peerCurrentEpoch = Outbox.readInt(p.data(), "ACKEPOCH");
        peer.peerLastZxid = p.zxid();
        peer.stage = LearnerPeer.Stage.EPOCH_ACKED;
        if (peerCurrentEpoch != -1 && isAheadOfUs(peerCurrentEpoch, p.zxid())) {
            // a quorum elected us, so this should not happen; following us would lose its history
            dropLearner(peer.sid, "it is ahead of the leader: currentEpoch " + peerCurrentEpoch + ", last zxid "
                    + Zxid.hex(p.zxid()) + " vs ours " + startCurrentEpoch + ", " + Zxid.hex(startLastZxid));
            return;
        }
        if (peerCurrentEpoch != -1 && !peer.observer) {
            epochAcks.add(peer.sid);
        }
        if (phase == Phase.EPOCH_ACKS) {
            maybeEpochQuorum();
        } else {
            startSync(peer);
        }
    }

    private boolean isAheadOfUs(long peerCurrentEpoch, long peerLastZxid) {
        return peerCurrentEpoch > startCurrentEpoch
                || (peerCurrentEpoch == startCurrentEpoch && peerLastZxid > startLastZxid);
    }

    private void maybeEpochQuorum() {
        if (phase != Phase.EPOCH_ACKS || !isQuorum(epochAcks)) {
            return;
        }
        out.add(new ZabOutput.WriteCurrentEpoch(newEpoch));
        lastProposedZxid = Zxid.make(newEpoch, 0);
        enterPhase(Phase.NEWLEADER_ACKS);
        newLeaderAcks.add(cfg.mySid());
        for (LearnerPeer peer : List.copyOf(learners.values())) {
            if (peer.stage == LearnerPeer.Stage.EPOCH_ACKED) {
                startSync(peer);
            }
        }
        maybeEstablish();
    }

    // ---- sync ----

    private void startSync(LearnerPeer peer) {
        SyncPlan plan = syncSource.plan(peer.peerLastZxid, lastCommittedZxid);
        long sid = peer.sid;
        long opZxid = switch (plan.packetType()) {
            case PacketType.TRUNC -> ((SyncPlan.Trunc) plan).truncZxid();
            case PacketType.SNAP -> ((SyncPlan.Snap) plan).zxid();
            default -> ((SyncPlan.Diff) plan).opZxid() >= 0 ? ((SyncPlan.Diff) plan).opZxid() : lastCommittedZxid;
        };
        out.send(sid, plan.packetType(), opZxid, plan instanceof SyncPlan.Snap s ? s.snapshot() : null);
        long sentUpTo = plan.baseZxid(peer.peerLastZxid);
        for (LoggedTxn txn : plan.txns()) {
            out.send(sid, PacketType.PROPOSAL, txn.zxid(), TxnPayload.encode(txn));
            out.send(sid, PacketType.COMMIT, txn.zxid(), null);
            sentUpTo = txn.zxid();
        }
        if (sentUpTo < lastCommittedZxid) {
            throw new IllegalStateException("sync plan for " + sid + " ends at " + Zxid.hex(sentUpTo)
                    + ", before the committed " + Zxid.hex(lastCommittedZxid));
        }
        if (!peer.observer) {
            for (Proposal p : outstanding.tailMap(sentUpTo, false).values()) {
                out.send(sid, PacketType.PROPOSAL, p.txn.zxid(), p.data);
            }
        }
        out.send(sid, PacketType.NEWLEADER, Zxid.make(newEpoch, 0),
                newLeaderConfig != null ? newLeaderConfig.apply(Zxid.make(newEpoch, 0)) : configText);
        peer.stage = LearnerPeer.Stage.SYNCING;
        LOG.info("Leader {} epoch {}: syncing learner {} by {} from {} to {} ({} txns)", cfg.mySid(), newEpoch, sid,
                plan.describe(), Zxid.hex(peer.peerLastZxid), Zxid.hex(lastCommittedZxid), plan.txns().size());
    }

    private void onAck(LearnerPeer peer, long zxid) {
        if (zxid == Zxid.make(newEpoch, 0)) {
            if (peer.stage == LearnerPeer.Stage.SYNCING) {
                peer.stage = LearnerPeer.Stage.NEWLEADER_ACKED;
                if (!peer.observer) {
                    newLeaderAcks.add(peer.sid);
                }
                if (phase == Phase.BROADCAST) {
                    sendUpToDate(peer);
                } else {
                    maybeEstablish();
                }
            }
            return; // the ack after UPTODATE carries the same zxid and means nothing more
        }
        if (peer.observer || !peer.forwarding()) {
            return;
        }
        Proposal p = outstanding.get(zxid);
        if (p != null) {
            p.acks.add(peer.sid);
            tryCommit();
        }
    }

    private void maybeEstablish() {
        if (phase != Phase.NEWLEADER_ACKS || !isQuorum(newLeaderAcks)) {
            return;
        }
        enterPhase(Phase.BROADCAST);
        LOG.info("Leader {} established epoch {} with {}; history up to {} is committed", cfg.mySid(), newEpoch,
                newLeaderAcks, Zxid.hex(lastCommittedZxid));
        out.add(new ZabOutput.Established(newEpoch, lastCommittedZxid));
        for (LearnerPeer peer : learners.values()) {
            if (peer.stage == LearnerPeer.Stage.NEWLEADER_ACKED) {
                sendUpToDate(peer);
            }
        }
    }

    private void sendUpToDate(LearnerPeer peer) {
        peer.stage = LearnerPeer.Stage.UPTODATE;
        out.send(peer.sid, PacketType.UPTODATE, -1, null);
    }

    // ---- broadcast ----

    private void tryCommit() {
        while (!outstanding.isEmpty()) {
            Proposal p = outstanding.firstEntry().getValue();
            for (Set<Long> q : p.quorums) {
                if (!majority(q, p.acks)) {
                    return;
                }
            }
            outstanding.pollFirstEntry();
            long zxid = p.txn.zxid();
            lastCommittedZxid = zxid;
            if (p.next != null) {
                commitAndActivate(p);
                continue;
            }
            for (LearnerPeer peer : learners.values()) {
                if (!peer.forwarding()) {
                    continue;
                }
                if (peer.observer) {
                    out.send(peer.sid, PacketType.INFORM, zxid, p.data);
                } else {
                    out.send(peer.sid, PacketType.COMMIT, zxid, null);
                }
            }
            out.add(new ZabOutput.Apply(p.txn));
        }
    }

    /**
     * A reconfiguration reached a quorum of the old and the new voters: it is in force from here. Followers get
     * COMMITANDACTIVATE and observers INFORMANDACTIVATE, both naming who leads the new configuration: this leader
     * when it is one of its voters, else one of the new voters that acked (the one that acked most of what follows).
     */
    private void commitAndActivate(Proposal p) {
        long zxid = p.txn.zxid();
        long designated = designatedLeader(p);
        voters = p.next.voters();
        nextVoters = null;
        configText = p.next.text().getBytes(StandardCharsets.UTF_8);
        byte[] leader = java.nio.ByteBuffer.allocate(Long.BYTES).putLong(designated).array();
        byte[] inform = java.nio.ByteBuffer.allocate(Long.BYTES + p.data.length).putLong(designated).put(p.data)
                .array();
        for (LearnerPeer peer : learners.values()) {
            if (peer.forwarding()) {
                out.send(peer.sid, peer.observer ? PacketType.INFORMANDACTIVATE : PacketType.COMMITANDACTIVATE, zxid,
                        peer.observer ? inform : leader);
            }
        }
        LOG.info("Leader {} committed configuration 0x{} at {}: voters {}, observers {}, designated leader {}",
                cfg.mySid(), Long.toHexString(p.next.version()), Zxid.hex(zxid), voters, p.next.observers(),
                designated);
        out.add(new ZabOutput.Apply(p.txn));
        out.add(new ZabOutput.Activate(zxid, designated));
    }

    private long designatedLeader(Proposal reconfig) {
        if (reconfig.next.isVoter(cfg.mySid())) {
            return cfg.mySid();
        }
        java.util.TreeSet<Long> candidates = new java.util.TreeSet<>(reconfig.acks);
        candidates.retainAll(reconfig.next.voters());
        candidates.remove(cfg.mySid());
        long best = candidates.first();
        for (Proposal later : outstanding.values()) {
            candidates.retainAll(later.acks);
            if (candidates.isEmpty()) {
                return best;
            }
            best = candidates.first();
        }
        return best;
    }

    /** More than half of {@code voterSet} is in {@code sids}. */
    private static boolean majority(Set<Long> voterSet, Set<Long> sids) {
        int n = 0;
        for (long sid : sids) {
            n += voterSet.contains(sid) ? 1 : 0;
        }
        return n * 2 > voterSet.size();
    }

    /** A quorum of the voters in force and, while a reconfiguration is pending, of its voters too. */
    private boolean isQuorum(Set<Long> sids) {
        return majority(voters, sids) && (nextVoters == null || majority(nextVoters, sids));
    }

    private boolean isVoterNowOrNext(long sid) {
        return voters.contains(sid) || (nextVoters != null && nextVoters.contains(sid));
    }

    /**
     * A configuration came into force outside a commit of ours: the one this leader's history held (activated when
     * the epoch was established). Quorums count with its voters from now on.
     */
    public void activated(Set<Long> newVoters, byte[] text) {
        if (nextVoters != null && outstanding.values().stream().noneMatch(p -> p.next != null)) {
            nextVoters = null;
        }
        voters = Set.copyOf(newVoters);
        configText = text.clone();
        newLeaderConfig = null;
    }

    /**
     * NEWLEADER carries {@code config.apply(newLeaderZxid)} instead of the configuration in force: ZooKeeper's
     * leader gives an initial configuration (version 0) the NEWLEADER zxid as its version, so that once established
     * it outranks any other server's unversioned view (ZOOKEEPER-1783).
     */
    public void sendInNewLeader(java.util.function.LongFunction<byte[]> config) {
        this.newLeaderConfig = config;
    }

    /** The followers synced with this leader (NEWLEADER acked), for a reconfiguration's quorum check. */
    public Set<Long> syncedFollowerSids() {
        Set<Long> s = new HashSet<>();
        for (LearnerPeer peer : learners.values()) {
            if (!peer.observer && peer.ackedNewLeader()) {
                s.add(peer.sid);
            }
        }
        return s;
    }

    // ---- housekeeping ----

    private void enterPhase(Phase next) {
        phase = next;
        phaseStartTick = tick;
    }

    private void dropLearner(long sid, String reason) {
        learners.remove(sid);
        LOG.info("Leader {} epoch {} drops learner {}: {}", cfg.mySid(), newEpoch, sid, reason);
        out.add(new ZabOutput.Disconnect(sid, reason));
    }

    private void stop(String reason) {
        if (phase == Phase.STOPPED) {
            return;
        }
        phase = Phase.STOPPED;
        LOG.info("Leader {} epoch {} steps down: {}", cfg.mySid(), newEpoch, reason);
        for (long sid : learners.keySet()) {
            out.add(new ZabOutput.Disconnect(sid, "leader stepping down"));
        }
        learners.clear();
        out.add(new ZabOutput.ElectionNeeded(reason));
    }
}

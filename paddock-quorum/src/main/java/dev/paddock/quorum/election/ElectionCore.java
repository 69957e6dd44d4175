package dev.paddock.quorum.election;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper 3.9's FastLeaderElection for one server, as a single-threaded state machine. Each input returns the
 * {@link Outbound}s it caused; {@link #nextDeadlineMs()} says when {@link #tick} is next due. See the package
 * documentation for how a driver uses it.
 *
 * <p>One instance lives as long as the server process (its logical clock survives rounds, as ZooKeeper's does); a
 * restarted server starts from a new instance.
 */
public final class ElectionCore {

    private static final Logger LOG = LoggerFactory.getLogger(ElectionCore.class);

    /** Messages that arrive before the first {@link #start} are kept (oldest dropped beyond this) and read then. */
    static final int MAX_EARLY_MESSAGES = 1024;
    /** Loop-back messages can only come from this server's own sends; a bound turns a bug into a log line. */
    private static final int MAX_LOOPBACK_PER_INPUT = 10_000;

    private ElectionConfig config;
    private final long mySid;
    private VotingView view;
    /** Whether a newer configuration in a notification is handed to the node (reconfigEnabled) or ignored. */
    private boolean adoptsNewerConfigs;

    private boolean started;
    private ServerState state = ServerState.LOOKING;
    private long logicalClock;
    private Vote currentVote;

    // this round's starting point and current proposal (ZooKeeper's getInitId/…, proposedLeader/…)
    private long initId;
    private long initZxid;
    private long initEpoch;
    private long proposedLeader = -1;
    private long proposedZxid = -1;
    private long proposedEpoch;

    // votes of this round (LOOKING and same-round FOLLOWING/LEADING), and every FOLLOWING/LEADING vote seen
    private final Map<Long, Vote> recvset = new HashMap<>();
    private final Map<Long, Vote> outOfElection = new HashMap<>();

    private long notificationIntervalMs;
    private long resendDeadlineMs = Long.MAX_VALUE;
    private boolean finalizing;
    private long finalizeDeadlineMs = Long.MAX_VALUE;
    private Set<Long> finalizeSupporters = Set.of();

    private final ArrayDeque<Received> inbox = new ArrayDeque<>();
    private List<Outbound> out = new ArrayList<>();
    private long malformedMessages;

    private record Received(long fromSid, Notification notification) {
    }

    public ElectionCore(ElectionConfig config) {
        this.config = config;
        this.mySid = config.mySid();
        this.view = config.view();
        this.notificationIntervalMs = config.minNotificationIntervalMs();
    }

    // ---- inputs ------------------------------------------------------------------------------------------

    /**
     * Begin a new round (the server went LOOKING): advance the logical clock, vote for myself and tell every voter.
     *
     * @param lastLoggedZxid the last zxid in this server's log
     * @param currentEpoch   this server's current epoch (the {@code currentEpoch} file)
     */
    public List<Outbound> start(long lastLoggedZxid, long currentEpoch, long nowMs) {
        out = new ArrayList<>();
        boolean participant = config.learnerType() == LearnerType.PARTICIPANT;
        if (currentVote == null) {
            // what a server answers observers with before it has ever decided
            currentVote = new Vote(mySid, lastLoggedZxid, -1, currentEpoch);
        }
        started = true;
        state = ServerState.LOOKING;
        recvset.clear();
        outOfElection.clear();
        finalizing = false;
        finalizeDeadlineMs = Long.MAX_VALUE;
        notificationIntervalMs = config.minNotificationIntervalMs();
        logicalClock++;
        initId = view.isVoter(mySid) ? mySid : Long.MIN_VALUE;
        initZxid = participant ? lastLoggedZxid : Long.MIN_VALUE;
        initEpoch = participant ? currentEpoch : Long.MIN_VALUE;
        updateProposal(initId, initZxid, initEpoch);
        LOG.info("Election round 0x{} begins: sid {} ({}) proposes itself with zxid 0x{}, epoch 0x{}",
            Long.toHexString(logicalClock), mySid, config.learnerType(), Long.toHexString(initZxid),
            Long.toHexString(initEpoch));
        sendNotifications();
        resendDeadlineMs = nowMs + notificationIntervalMs;
        drainInbox(nowMs);
        fireTimers(nowMs);
        return takeOut();
    }

    /** A message from a peer's election port, still in wire form. Malformed bytes are logged and skipped. */
    public List<Outbound> onMessage(long fromSid, byte[] payload, long nowMs) {
        NotificationCodec.DecodeResult result = NotificationCodec.decode(payload);
        if (result instanceof NotificationCodec.Decoded d) {
            return onNotification(fromSid, d.notification(), nowMs);
        }
        malformedMessages++;
        LOG.warn("Skipping election message from sid {} ({} bytes): {}", fromSid,
            payload == null ? 0 : payload.length, ((NotificationCodec.Malformed) result).reason());
        return List.of();
    }

    /** A decoded notification from {@code fromSid}. */
    public List<Outbound> onNotification(long fromSid, Notification notification, long nowMs) {
        out = new ArrayList<>();
        fireTimers(nowMs);
        if (!started) {
            if (inbox.size() >= MAX_EARLY_MESSAGES) {
                inbox.poll();
            }
            inbox.add(new Received(fromSid, notification));
            return takeOut();
        }
        receive(fromSid, notification, nowMs);
        drainInbox(nowMs);
        fireTimers(nowMs);
        return takeOut();
    }

    /** Time passes: re-send when nothing arrived for a while; decide once the finalize wait is over. */
    public List<Outbound> tick(long nowMs) {
        out = new ArrayList<>();
        fireTimers(nowMs);
        return takeOut();
    }

    /**
     * The epoch this server now follows or leads, once Zab has established it (ZooKeeper's
     * {@code updateElectionVote}): later answers to LOOKING peers carry it, so a returning server can join.
     */
    public void updatePeerEpoch(long newEpoch) {
        if (currentVote != null) {
            currentVote = currentVote.withPeerEpoch(newEpoch);
        }
    }

    // ---- observation -------------------------------------------------------------------------------------

    /** When {@link #tick} next has something to do, or {@link Long#MAX_VALUE} if nothing is pending. */
    public long nextDeadlineMs() {
        if (!started || state != ServerState.LOOKING) {
            return Long.MAX_VALUE;
        }
        return finalizing ? finalizeDeadlineMs : resendDeadlineMs;
    }

    public ServerState state() {
        return state;
    }

    /** The last decided vote (or the initial self-vote); null before the first {@link #start}. */
    public Vote currentVote() {
        return currentVote;
    }

    /** This round's proposal, tagged with the logical clock. */
    public Vote proposal() {
        return new Vote(proposedLeader, proposedZxid, logicalClock, proposedEpoch);
    }

    public long logicalClock() {
        return logicalClock;
    }

    public long malformedMessages() {
        return malformedMessages;
    }

    public ElectionConfig config() {
        return config;
    }

    // ---- receiving (ZooKeeper's WorkerReceiver) -----------------------------------------------------------

    /**
     * What ZooKeeper's receiver thread does before the election loop sees a message: answer non-voters, pull
     * lagging voters into our round, and answer LOOKING voters once decided.
     *
     * <p>One deliberate difference: a server that is not a voter itself (an observer) answers nobody. Voters never
     * address notifications to observers except as answers, and never tally what an observer says, so an
     * observer's answer only provokes another answer. ZooKeeper's observers do answer, and an observer and a LOOKING
     * voter then bounce two messages back and forth for as long as the voter stays LOOKING (for ever if it is cut
     * off from the other voters). Voters here still answer everyone, as ZooKeeper observers expect.
     */
    private void receive(long fromSid, Notification n, long nowMs) {
        if (adoptsNewerConfigs && state == ServerState.LOOKING
            && configVersion(n.config()) > configVersion(view.config())) {
            LOG.info("Sid {} sent configuration version 0x{}, newer than ours (0x{})", fromSid,
                Long.toHexString(configVersion(n.config())), Long.toHexString(configVersion(view.config())));
            out.add(new Outbound.NewerConfig(fromSid, n.config()));
            return;
        }
        boolean iVote = view.isVoter(mySid);
        if (!view.isVoter(fromSid)) {
            // non-voters get our current vote back at once and never enter the tally
            if (iVote) {
                reply(fromSid, currentVote.leader(), currentVote.zxid(), logicalClock, state, currentVote.peerEpoch());
            }
            return;
        }
        if (state == ServerState.LOOKING) {
            if (iVote && n.state() == ServerState.LOOKING && n.electionEpoch() < logicalClock) {
                // a voter still in an older round: pull it forward with our proposal
                reply(fromSid, proposedLeader, proposedZxid, logicalClock, ServerState.LOOKING, proposedEpoch);
            }
            consume(fromSid, n, nowMs);
        } else if (n.state() == ServerState.LOOKING) {
            if (state == ServerState.LEADING) {
                out.add(new Outbound.PeerLooking(fromSid));
            }
            if (iVote) {
                reply(fromSid, currentVote.leader(), currentVote.zxid(), currentVote.electionEpoch(), state,
                    currentVote.peerEpoch());
            }
        }
    }

    private void drainInbox(long nowMs) {
        int handled = 0;
        while (!inbox.isEmpty()) {
            if (++handled > MAX_LOOPBACK_PER_INPUT) {
                LOG.error("Dropping {} looped-back election messages: more than {} in one step", inbox.size(),
                    MAX_LOOPBACK_PER_INPUT);
                inbox.clear();
                return;
            }
            Received r = inbox.poll();
            receive(r.fromSid(), r.notification(), nowMs);
        }
    }

    // ---- the election loop (ZooKeeper's lookForLeader) ----------------------------------------------------

    private void consume(long fromSid, Notification n, long nowMs) {
        if (finalizing) {
            // during the finalize wait only a better proposal matters; anything else is dropped and the wait restarts
            if (!VoteOrder.isBetter(view, n.leader(), n.zxid(), n.peerEpoch(), proposedLeader, proposedZxid,
                proposedEpoch)) {
                finalizeDeadlineMs = nowMs + config.finalizeWaitMs();
                return;
            }
            finalizing = false;
            finalizeDeadlineMs = Long.MAX_VALUE;
        }
        resendDeadlineMs = nowMs + notificationIntervalMs;
        if (!view.isVoter(fromSid) || !view.isVoter(n.leader())) {
            LOG.debug("Ignoring a vote for sid {} from sid {}: not both voters", n.leader(), fromSid);
            return;
        }
        switch (n.state()) {
            case LOOKING -> lookingVote(fromSid, n, nowMs);
            case OBSERVING -> LOG.debug("Ignoring a notification from observer sid {}", fromSid);
            case FOLLOWING, LEADING -> settledVote(fromSid, n);
        }
    }

    private void lookingVote(long fromSid, Notification n, long nowMs) {
        if (initZxid == -1 || n.zxid() == -1) {
            return;
        }
        if (n.electionEpoch() > logicalClock) {
            logicalClock = n.electionEpoch();
            recvset.clear();
            if (VoteOrder.isBetter(view, n.leader(), n.zxid(), n.peerEpoch(), initId, initZxid, initEpoch)) {
                updateProposal(n.leader(), n.zxid(), n.peerEpoch());
            } else {
                updateProposal(initId, initZxid, initEpoch);
            }
            sendNotifications();
        } else if (n.electionEpoch() < logicalClock) {
            return;
        } else if (VoteOrder.isBetter(view, n.leader(), n.zxid(), n.peerEpoch(), proposedLeader, proposedZxid,
            proposedEpoch)) {
            updateProposal(n.leader(), n.zxid(), n.peerEpoch());
            sendNotifications();
        }
        recvset.put(fromSid, new Vote(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch()));
        Set<Long> acks = tally(recvset, proposal());
        if (view.isQuorum(acks)) {
            finalizing = true;
            finalizeDeadlineMs = nowMs + config.finalizeWaitMs();
            finalizeSupporters = acks;
        }
    }

    /**
     * A FOLLOWING or LEADING vote. Same-round votes are tallied with this round's; every such vote is also kept
     * across rounds, so a server arriving late joins the ensemble that already runs, once a quorum names the same
     * leader and that leader itself says it leads. (ZooKeeper's oracle for two-server ensembles is not modelled.)
     */
    private void settledVote(long fromSid, Notification n) {
        Vote probe = new Vote(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch(), n.state(), n.version());
        if (n.electionEpoch() == logicalClock) {
            // ZooKeeper stores this one without the format version; it matters to Vote.countsAs
            recvset.put(fromSid, new Vote(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch(), n.state(), 0));
            Set<Long> acks = tally(recvset, probe);
            if (view.isQuorum(acks) && leaderConfirmed(recvset, n.leader(), n.electionEpoch())) {
                decide(n.leader(), new Vote(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch()), acks);
                return;
            }
        }
        outOfElection.put(fromSid, probe);
        Set<Long> acks = tally(outOfElection, probe);
        if (view.isQuorum(acks) && leaderConfirmed(outOfElection, n.leader(), n.electionEpoch())) {
            logicalClock = n.electionEpoch();
            decide(n.leader(), new Vote(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch()), acks);
        }
    }

    /** ZooKeeper's {@code checkLeader}: someone else must have told us it LEADs; I may lead only in my own round. */
    private boolean leaderConfirmed(Map<Long, Vote> votes, long leader, long electionEpoch) {
        if (leader != mySid) {
            Vote fromLeader = votes.get(leader);
            return fromLeader != null && fromLeader.state() == ServerState.LEADING;
        }
        return logicalClock == electionEpoch;
    }

    private Set<Long> tally(Map<Long, Vote> votes, Vote probe) {
        Set<Long> acks = new LinkedHashSet<>();
        votes.forEach((sid, vote) -> {
            if (view.isVoter(sid) && probe.countsAs(vote)) {
                acks.add(sid);
            }
        });
        return acks;
    }

    private void fireTimers(long nowMs) {
        if (!started || state != ServerState.LOOKING) {
            return;
        }
        if (finalizing) {
            if (nowMs >= finalizeDeadlineMs) {
                decide(proposedLeader, proposal(), finalizeSupporters);
            }
            return;
        }
        if (nowMs >= resendDeadlineMs) {
            sendNotifications();
            notificationIntervalMs = Math.min(notificationIntervalMs * 2, config.maxNotificationIntervalMs());
            resendDeadlineMs = nowMs + notificationIntervalMs;
            LOG.debug("No notification for a while: re-sent round 0x{}, next wait {} ms",
                Long.toHexString(logicalClock), notificationIntervalMs);
            drainInbox(nowMs);
        }
    }

    private void decide(long leader, Vote endVote, Set<Long> supporters) {
        ServerState role = leader == mySid ? ServerState.LEADING
            : config.learnerType() == LearnerType.PARTICIPANT ? ServerState.FOLLOWING : ServerState.OBSERVING;
        state = role;
        currentVote = endVote;
        finalizing = false;
        finalizeDeadlineMs = Long.MAX_VALUE;
        resendDeadlineMs = Long.MAX_VALUE;
        // ZooKeeper clears its receive queue on leaving the round; our queue holds only our own looped-back votes
        inbox.clear();
        LOG.info("Election round 0x{} decided: sid {} is {} leader {} (zxid 0x{}, epoch 0x{}), supporters {}",
            Long.toHexString(logicalClock), mySid, role, leader, Long.toHexString(endVote.zxid()),
            Long.toHexString(endVote.peerEpoch()), supporters);
        out.add(new Outbound.Decided(role, endVote, Collections.unmodifiableSortedSet(new TreeSet<>(supporters))));
    }

    /**
     * With reconfiguration enabled, a LOOKING server that sees a newer configuration in a notification hands it to the
     * node ({@link Outbound.NewerConfig}) instead of counting that vote; otherwise versions are ignored.
     */
    public void adoptNewerConfigs(boolean on) {
        this.adoptsNewerConfigs = on;
    }

    /**
     * The configuration changed (a reconfiguration was activated): vote and count with {@code newView} from now on,
     * as a {@code type}. Takes effect for the round in progress; the node restarts the round where ZooKeeper does.
     */
    public void reconfigure(VotingView newView, LearnerType type) {
        this.view = newView;
        this.config = new ElectionConfig(mySid, type, newView, config.finalizeWaitMs(),
            config.minNotificationIntervalMs(), config.maxNotificationIntervalMs());
    }

    /**
     * The node took a role without an election: a reconfiguration's designated leader ({@code leader}), as
     * ZooKeeper's servers do after COMMITANDACTIVATE. The core answers LOOKING peers with this vote until
     * {@link #start} is called again.
     */
    public void assume(ServerState role, long leader, long zxid, long peerEpoch) {
        started = true;
        state = role;
        currentVote = new Vote(leader, zxid, logicalClock, peerEpoch);
        updateProposal(leader, zxid, peerEpoch);
        finalizing = false;
        finalizeDeadlineMs = Long.MAX_VALUE;
        resendDeadlineMs = Long.MAX_VALUE;
        inbox.clear();
        LOG.info("Sid {} is {} designated leader {} after a reconfiguration", mySid, role, leader);
    }

    /** The {@code version=<hex>} of a configuration text; -1 when there is none (no configuration sent). */
    public static long configVersion(byte[] config) {
        if (config == null || config.length == 0) {
            return -1;
        }
        String text = new String(config, java.nio.charset.StandardCharsets.UTF_8);
        int at = text.lastIndexOf("version=");
        if (at < 0 || (at > 0 && text.charAt(at - 1) != '\n')) {
            return -1;
        }
        int end = text.indexOf('\n', at);
        try {
            return Long.parseUnsignedLong(text.substring(at + 8, end < 0 ? text.length() : end).trim(), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void updateProposal(long leader, long zxid, long epoch) {
        proposedLeader = leader;
        proposedZxid = zxid;
        proposedEpoch = epoch;
    }

    private void sendNotifications() {
        for (long sid : view.participants()) {
            reply(sid, proposedLeader, proposedZxid, logicalClock, ServerState.LOOKING, proposedEpoch);
        }
    }

    private void reply(long toSid, long leader, long zxid, long electionEpoch, ServerState myState, long peerEpoch) {
        Notification n = Notification.of(myState, leader, zxid, electionEpoch, peerEpoch, view.config());
        if (toSid == mySid) {
            inbox.add(new Received(mySid, n));
        } else {
            out.add(new Outbound.Send(toSid, n));
        }
    }

    private List<Outbound> takeOut() {
        List<Outbound> result = out;
        out = new ArrayList<>();
        return result;
    }
}

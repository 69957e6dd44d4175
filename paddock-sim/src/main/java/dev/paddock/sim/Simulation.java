package dev.paddock.sim;

import dev.paddock.core.CoreConfig;
import dev.paddock.core.zkformat.TreeDigest;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.quorum.node.NodeOutput;
import dev.paddock.quorum.zab.ZabOutput;
import dev.paddock.quorum.zab.Zxid;
import java.nio.charset.StandardCharsets;
import dev.paddock.core.config.QuorumConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A whole ensemble on one thread from one seed: servers, network, disks, clock, clients, faults and checkers.
 * {@link #run()} does a random run (faults, then healing and a convergence check); scenario tests drive the
 * same world step by step with {@link #runFor}, {@link #crash}, {@link #partition} and {@link #write}.
 */
public final class Simulation {
    private final long seed;
    private final SimParams params;
    private final Random rnd;
    private final EventLoop loop = new EventLoop();
    private final Checker checker = new Checker(loop);
    private final SimNet net;
    private final Map<Long, SimNode> nodes = new TreeMap<>();
    private final ClientChecks clientChecks = new ClientChecks(checker);
    /** Scenario writers, one per server, each pinned to it; their creates are the scenarios' writes. */
    private final Map<Long, SimClient> writers = new TreeMap<>();
    /** Clients that roam over the live servers doing random operations (random runs only). */
    private final List<SimClient> roaming = new ArrayList<>();
    private int nextClientId = 1;
    private long nextConnectionId = 1;
    /** Scenario writes the client was told succeeded: zxid to path. */
    private final Map<Long, String> acknowledged = new TreeMap<>();
    private long writeSeq;
    private int lockedOutServers;
    private int crashesOnDiskWrite;
    private int budgetCrashesOnDiskWrite = Integer.MAX_VALUE;
    private final List<String> events = new ArrayList<>();
    private int reconfigurations;
    private QuorumConfig initialConfig;
    private java.util.function.BiPredicate<SimNode, QuorumPacket> crashAfterSend = (n, p) -> false;
    private final Map<String, Integer> syncModes = new TreeMap<>();
    private final SimWallClocks wallClocks;
    private int clockJumps;

    public Simulation(long seed, SimParams params) {
        this(seed, params, core -> core);
    }

    /** As above, every server's core settings changed by {@code core} (e.g. local sessions on). */
    public Simulation(long seed, SimParams params, UnaryOperator<CoreConfig> core) {
        this.seed = seed;
        this.params = params;
        this.rnd = new Random(seed);
        this.net = new SimNet(loop, rnd, params);
        this.wallClocks = new SimWallClocks(seed);
        Set<Long> voters = new TreeSet<>();
        Set<Long> observers = new TreeSet<>();
        for (long s = 1; s <= params.voters(); s++) {
            voters.add(s);
        }
        for (long s = params.voters() + 1; s <= params.voters() + params.observers(); s++) {
            observers.add(s);
        }
        initialConfig = dev.paddock.quorum.node.QuorumNode.syntheticConfig(voters, observers);
        for (long s : voters) {
            nodes.put(s, new SimNode(s, false, this, SimNode.settings(s, voters, observers, params, wallClocks.of(s), core)));
        }
        for (long s : observers) {
            nodes.put(s, new SimNode(s, true, this, SimNode.settings(s, voters, observers, params, wallClocks.of(s), core)));
        }
    }

    // ---- accessors for nodes ----

    Checker checker() {
        return checker;
    }

    SimNet net() {
        return net;
    }

    EventLoop loop() {
        return loop;
    }

    Random random() {
        return rnd;
    }

    public SimParams params() {
        return params;
    }

    public long nowMs() {
        return loop.nowMs();
    }

    public SimNode node(long sid) {
        return nodes.get(sid);
    }

    public Collection<SimNode> nodes() {
        return nodes.values();
    }

    public List<String> violations() {
        return checker.violations();
    }

    public Map<Long, String> acknowledgedWrites() {
        return acknowledged;
    }

    public Map<Long, Long> leaderOfEpoch() {
        return checker.leaderOfEpoch();
    }

    void sendElection(long from, long to, byte[] bytes) {
        SimNode target = nodes.get(to);
        if (target != null) {
            net.datagram(from, to, () -> target.electionMessage(from, bytes));
        }
    }

    long nextConnectionId() {
        return nextConnectionId++;
    }

    /** A scenario writer's create was answered OK. */
    void acknowledgedWrite(long zxid, String path) {
        acknowledged.put(zxid, path);
    }

    private java.util.function.BiPredicate<SimNode, NodeOutput> crashBeforeWrite = (n, o) -> false;
    private int currentEpochBehindLog;

    /** A scenario hook: the server dies just before carrying out a disk write the predicate picks. */
    public void crashBeforeDiskWrite(java.util.function.BiPredicate<SimNode, NodeOutput> p) {
        crashBeforeWrite = p;
    }

    void currentEpochBehindLog(SimNode n) {
        currentEpochBehindLog++;
        note("server " + n.sid() + " restarts with currentEpoch " + n.currentEpoch() + " below its log's epoch");
    }

    /** Restarts that found txns of an epoch above the currentEpoch file (a crash between the two writes). */
    public int restartsWithCurrentEpochBehindLog() {
        return currentEpochBehindLog;
    }

    boolean maybeCrashOnDiskWrite(SimNode n, NodeOutput what, boolean before) {
        if (before && crashBeforeWrite.test(n, what)) {
            note("server " + n.sid() + " dies before " + what);
            crash(n.sid());
            return true;
        }
        if (params.crashOnDiskWrite() > 0 && crashesOnDiskWrite < budgetCrashesOnDiskWrite
                && rnd.nextDouble() < params.crashOnDiskWrite()) {
            crashesOnDiskWrite++;
            note("server " + n.sid() + " dies at a disk write");
            crash(n.sid());
            loop.after(200 + rnd.nextInt(2_000), () -> restart(n.sid()));
            return true;
        }
        return false;
    }

    /**
     * The server's storage refused an action (e.g. a TRUNC below a snapshot it cannot drop): the server process
     * stops, as EnsemblePeer stops it, and is restarted later as an operator or supervisor would.
     */
    void storageFailed(SimNode n, RuntimeException e) {
        storageFailures++;
        note("server " + n.sid() + " stops on a storage failure: " + e.getMessage());
        crash(n.sid());
        loop.after(500 + rnd.nextInt(2_000), () -> restart(n.sid()));
    }

    private int storageFailures;

    /** Times a server stopped because its storage refused an action. */
    public int storageFailures() {
        return storageFailures;
    }

    /** Limits how many crash-on-disk-write faults happen (scenarios use it to force a few, then stop). */
    public void limitCrashesOnDiskWrite(int max) {
        budgetCrashesOnDiskWrite = max;
    }

    /** A scenario hook: the server dies right after sending a packet the predicate picks (the packet still goes). */
    public void crashAfterSending(java.util.function.BiPredicate<SimNode, QuorumPacket> p) {
        crashAfterSend = p;
    }

    boolean crashAfterSend(SimNode n, QuorumPacket p) {
        return crashAfterSend.test(n, p);
    }

    void synced(ZabOutput.SyncMode mode) {
        syncModes.merge(mode.name(), 1, Integer::sum);
    }

    public int crashesOnDiskWrite() {
        return crashesOnDiskWrite;
    }

    void note(String event) {
        if (events.size() < 10_000) {
            events.add("t=" + loop.nowMs() + " " + event);
        }
    }

    public List<String> events() {
        return events;
    }

    // ---- controls ----

    /** Boots every server, starts their ticks and one scenario writer per server. */
    public void start() {
        for (SimNode n : nodes.values()) {
            n.boot();
            long sid = n.sid();
            loop.after(1 + rnd.nextInt((int) TICK_MS), () -> tickLoop(sid));
        }
        for (long sid : nodes.keySet()) {
            SimClient w = new SimClient(this, clientChecks, nextClientId++, sid, SimClient.MAX_TIMEOUT_MS);
            writers.put(sid, w);
            w.start(false);
        }
    }

    /** The node is ticked more often than ZooKeeper's tick: its election and sessions run on finer deadlines. */
    private static final long TICK_MS = 20;

    private void tickLoop(long sid) {
        nodes.get(sid).tick();
        loop.after(TICK_MS, () -> tickLoop(sid));
    }

    /** Starts a client that roams over the live servers doing random operations. */
    private void startRoamingClient() {
        int timeoutMs = 1_500 + rnd.nextInt(SimClient.MAX_TIMEOUT_MS - 1_500 + 1);
        SimClient c = new SimClient(this, clientChecks, nextClientId++, -1, timeoutMs);
        roaming.add(c);
        c.start(true);
    }

    private List<SimClient> allClients() {
        List<SimClient> all = new ArrayList<>(writers.values());
        all.addAll(roaming);
        return all;
    }

    /** Server {@code sid}'s scenario writer (pinned to it). */
    SimClient writer(long sid) {
        return writers.get(sid);
    }

    /** Whether the leader's scenario writer is connected, so that {@link #write} can go through now. */
    public boolean leaderTakesWrites() {
        SimNode l = leader();
        return l != null && writers.get(l.sid()).ready();
    }

    public void runFor(long ms) {
        loop.runUntil(loop.nowMs() + ms);
    }

    /** Runs until the condition holds (checked every 10 ms) or the time is up; returns whether it holds. */
    public boolean runUntil(BooleanSupplier condition, long maxMs) {
        long end = loop.nowMs() + maxMs;
        while (loop.nowMs() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            loop.runUntil(loop.nowMs() + 10);
        }
        return condition.getAsBoolean();
    }

    public void crash(long sid) {
        SimNode n = nodes.get(sid);
        if (n.isUp()) {
            note("crash " + sid);
            n.crash();
        }
    }

    public void restart(long sid) {
        SimNode n = nodes.get(sid);
        if (!n.isUp()) {
            note("restart " + sid);
            n.boot();
        }
    }

    /** Cuts every link between {@code side} and the rest. */
    public void partition(Set<Long> side) {
        note("partition " + side);
        for (long a : nodes.keySet()) {
            for (long b : nodes.keySet()) {
                if (side.contains(a) && !side.contains(b)) {
                    net.block(a, b);
                }
            }
        }
    }

    public void block(long a, long b) {
        net.block(a, b);
    }

    public void heal() {
        note("heal");
        net.healAll();
    }

    /** The one established leader that is up, or null. */
    public SimNode leader() {
        SimNode found = null;
        for (SimNode n : nodes.values()) {
            if (n.isEstablishedLeader() && (found == null || n.epoch() > found.epoch())) {
                found = n;
            }
        }
        return found;
    }

    /**
     * A scenario write: server {@code sid}'s writer creates a fresh path {@code /wN}, the request reaching the
     * server at once. Returns the zxid the server logged it at (a leader proposes at once), 0 if it went on
     * without logging (a learner forwards it), or -1 if the writer is not connected to a serving server now.
     */
    public long write(long sid) {
        SimNode n = nodes.get(sid);
        SimClient w = writers.get(sid);
        if (n == null || !n.isUp() || w == null || !w.ready()) {
            return -1;
        }
        long seq = ++writeSeq;
        long before = n.lastAppendedZxid();
        w.create("/w" + seq, ("v" + seq).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long after = n.isUp() ? n.lastAppendedZxid() : before;
        return after != before ? after : 0;
    }

    /**
     * Server {@code sid}'s wall clock jumps by {@code deltaMs} (negative: backwards). Simulated time, which runs
     * every timer, does not move: only the stamps the server gives transactions from now on change.
     */
    public void jumpWallClock(long sid, long deltaMs) {
        wallClocks.jump(sid, deltaMs);
        note("wall clock of " + sid + (deltaMs >= 0 ? " +" : " ") + deltaMs + " ms");
    }

    /** How many wall-clock jump faults the random run injected (each is undone a few seconds later). */
    public int clockJumps() {
        return clockJumps;
    }

    /** What server {@code sid}'s wall clock reads now (the stamp a txn it prepares now gets). */
    public long wallClockMs(long sid) {
        return wallClocks.wallMs(sid, loop.nowMs());
    }

    // ---- a random run ----

    /** Faults and writes for faultPhaseMs, then heal, restart everyone and wait for convergence; then check. */
    public SimResult run() {
        start();
        long faultEnd = params.faultPhaseMs();
        scheduleWrites(faultEnd);
        int clients = 2 + rnd.nextInt(3);
        for (int i = 0; i < clients; i++) {
            startRoamingClient();
        }
        keepClients(clients, faultEnd);
        if (params.faults()) {
            scheduleFaults(faultEnd);
        }
        if (params.reconfig()) {
            scheduleReconfigs(faultEnd);
        }
        loop.runUntil(faultEnd);
        roaming.forEach(SimClient::stopOps);
        heal();
        for (SimNode n : nodes.values()) {
            restart(n.sid());
        }
        // a limit on crash faults after the fault phase keeps healing from being undone
        budgetCrashesOnDiskWrite = crashesOnDiskWrite;
        boolean converged = runUntil(this::converged, params.settleMs());
        if (!converged) {
            checker.violation("no convergence within " + params.settleMs() + " ms after healing: " + describe());
        }
        finalChecks();
        return new SimResult(seed, params, List.copyOf(checker.violations()),
                acknowledged.size() + clientChecks.ackedOps(), clientChecks.sessionsOpened(),
                clientChecks.sessionsExpired(),
                checker.committed().size(), checker.leaderOfEpoch().size(), loop.executed(), Map.copyOf(syncModes),
                lockedOutServers, currentEpochBehindLog);
    }

    /** Reconfigurations acknowledged to a client in this run. */
    public int reconfigurations() {
        return reconfigurations;
    }

    /** How many configurations servers put in force (the initial one included). */
    public int configurationsActivated() {
        return checker.activatedConfigCount();
    }

    void reconfigured() {
        reconfigurations++;
    }

    private void scheduleReconfigs(long until) {
        loop.after(300 + rnd.nextInt(1_500), () -> {
            if (loop.nowMs() >= until) {
                return;
            }
            SimNode l = leader();
            if (l != null && l.node() != null) {
                reconfigureOnce(l.node().config());
            } else {
                note("reconfig skipped: no leader");
            }
            scheduleReconfigs(until);
        });
    }

    /**
     * One random reconfiguration of {@code c}, through a connected writer: a voter leaves, a server that is out
     * comes back as a participant, an observer is promoted or a voter demoted. At least two voters stay (three,
     * mostly: two voters must both be up for anything to commit).
     */
    public void reconfigureOnce(QuorumConfig c) {
        List<Long> voters = new ArrayList<>(c.voters());
        List<Long> observers = new ArrayList<>(c.observers());
        List<Long> out = new ArrayList<>(nodes.keySet());
        out.removeAll(c.servers().keySet());
        String joining = null;
        String leaving = null;
        int choice = rnd.nextInt(3);
        // two voters must both be up for anything to commit: shrink to two only now and then
        boolean mayShrink = voters.size() > 3 || (voters.size() == 3 && rnd.nextInt(4) == 0);
        if (choice == 0 && mayShrink) {
            leaving = Long.toString(voters.get(rnd.nextInt(voters.size())));
        } else if (choice == 1 && !out.isEmpty()) {
            joining = member(out.get(rnd.nextInt(out.size())), "participant");
        } else if (!observers.isEmpty() && (!mayShrink || rnd.nextBoolean())) {
            joining = member(observers.get(rnd.nextInt(observers.size())), "participant");
        } else if (mayShrink) {
            joining = member(voters.get(rnd.nextInt(voters.size())), "observer");
        }
        if (joining == null && leaving == null) {
            return;
        }
        List<SimClient> ready = new ArrayList<>();
        for (SimClient w : allClients()) {
            if (w.ready()) {
                ready.add(w);
            }
        }
        if (ready.isEmpty()) {
            note("reconfig skipped: no connected writer");
            return;
        }
        ready.get(rnd.nextInt(ready.size())).reconfig(joining, leaving);
    }

    /** A server line as the simulated nodes' configurations write them. */
    private static String member(long sid, String role) {
        return "server." + sid + "=node" + sid + ":2888:3888:" + role + ";2181";
    }

    private void scheduleWrites(long until) {
        long gap = 1 + (long) (rnd.nextDouble() * 2 * params.meanWriteGapMs());
        loop.after(gap, () -> {
            if (loop.nowMs() >= until) {
                return;
            }
            SimNode l = leader();
            if (l != null) {
                write(l.sid());
            }
            scheduleWrites(until);
        });
    }

    /** Replaces roaming clients that closed their session, while the fault phase lasts. */
    private void keepClients(int count, long until) {
        loop.after(500, () -> {
            if (loop.nowMs() >= until) {
                return;
            }
            long live = roaming.stream().filter(c -> c.state() != SimClient.State.FINISHED).count();
            if (live < count) {
                startRoamingClient();
            }
            keepClients(count, until);
        });
    }

    private void scheduleFaults(long until) {
        long gap = 1 + (long) (rnd.nextDouble() * 2 * params.meanFaultGapMs());
        loop.after(gap, () -> {
            if (loop.nowMs() >= until) {
                return;
            }
            injectFault();
            scheduleFaults(until);
        });
    }

    private void injectFault() {
        List<Long> sids = new ArrayList<>(nodes.keySet());
        int kind = rnd.nextInt(10);
        if (kind < 4) {
            long sid = sids.get(rnd.nextInt(sids.size()));
            crash(sid);
            loop.after(100 + rnd.nextInt(3_000), () -> restart(sid));
        } else if (kind < 6) {
            Set<Long> side = new TreeSet<>();
            for (long s : sids) {
                if (rnd.nextBoolean()) {
                    side.add(s);
                }
            }
            partition(side);
            loop.after(300 + rnd.nextInt(4_000), this::heal);
        } else if (kind < 7) {
            SimNode l = leader();
            if (l != null) {
                crash(l.sid()); // the leader dies more often than chance would have it: that is where bugs live
                loop.after(100 + rnd.nextInt(2_000), () -> restart(l.sid()));
            }
        } else if (kind < 8) {
            // a wall-clock jump of up to an hour either way: timers must not notice, only stamps
            long sid = sids.get(rnd.nextInt(sids.size()));
            long deltaMs = (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(3_600_000));
            jumpWallClock(sid, deltaMs);
            clockJumps++;
            loop.after(500 + rnd.nextInt(5_000), () -> jumpWallClock(sid, -deltaMs));
        }
    }

    /**
     * Everyone up and serving under one leader, all having logged and applied the same last zxid; except servers
     * locked out by a higher acceptedEpoch (see {@link #lockedOut}).
     */
    public boolean converged() {
        SimNode l = leader();
        if (l == null) {
            return false;
        }
        long last = l.tree().lastProcessedZxid();
        for (SimNode n : nodes.values()) {
            if (lockedOut(n, l)) {
                continue;
            }
            if (!n.isServing() || n.tree().lastProcessedZxid() != last || n.lastLoggedZxid() != last) {
                return false;
            }
            if (n != l && n.leaderSid() != l.sid()) {
                return false;
            }
        }
        return clientChecks.quiet(allClients(), l, nodes::get);
    }

    /**
     * A server whose acceptedEpoch is above the leader's epoch cannot join it: it promised not to follow an older
     * epoch (ZooKeeper's learner refuses such a LEADERINFO the same way). It happens when a server tried to lead,
     * wrote a new acceptedEpoch, and died or lost its quorum while the others settled on a lower epoch; it joins
     * at the next leader change. Its log must still agree with the committed history.
     */
    boolean lockedOut(SimNode n, SimNode leader) {
        return n != leader && n.isUp() && !n.isServing() && n.store().acceptedEpoch() > leader.epoch();
    }

    private void finalChecks() {
        Long digest = null;
        SimNode leader = leader();
        List<SimNode> serving = new ArrayList<>();
        for (SimNode n : nodes.values()) {
            if (!n.isUp()) {
                continue;
            }
            if (leader != null && lockedOut(n, leader)) {
                lockedOutServers++;
                checker.checkLogAgrees(n.sid(), n.store(), false);
                continue;
            }
            checker.checkLogAgrees(n.sid(), n.store(), true);
            if (n.isServing()) {
                serving.add(n);
            }
            long d = TreeDigest.compute(n.tree());
            if (digest == null) {
                digest = d;
            } else if (d != digest) {
                checker.violation("server " + n.sid() + "'s tree differs after quiescence (" + n.tree().nodeCount()
                        + " nodes, last " + Zxid.hex(n.tree().lastProcessedZxid()) + ")");
            }
            for (Map.Entry<Long, String> w : acknowledged.entrySet()) {
                if (n.tree().get(w.getValue()) == null) {
                    checker.violation("server " + n.sid() + " lost acknowledged write " + w.getValue() + " at "
                            + Zxid.hex(w.getKey()));
                    break;
                }
            }
        }
        if (!serving.isEmpty()) {
            clientChecks.finalChecks(serving, allClients());
        }
        checker.checkActivatedConfigsCommitted(initialConfig);
        if (params.reconfig()) {
            java.util.Set<Long> versions = new java.util.TreeSet<>();
            for (SimNode n : serving) {
                versions.add(n.node().config().version());
            }
            if (versions.size() > 1) {
                checker.violation("serving servers hold different configurations after quiescence: " + versions);
            }
        }
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (SimNode n : nodes.values()) {
            sb.append(n.sid()).append(n.isUp() ? "" : "(down)").append(':')
                    .append(n.roleName() == null ? "down" : n.roleName().name().toLowerCase(java.util.Locale.ROOT))
                    .append(n.isServing() ? "/serving" : "").append(" epoch ").append(n.epoch())
                    .append(" applied ").append(n.tree() == null ? "-" : Zxid.hex(n.tree().lastProcessedZxid())).append("; ");
        }
        for (SimClient c : allClients()) {
            if (c.state() != SimClient.State.FINISHED && (c.state() != SimClient.State.CONNECTED || !c.idle())) {
                sb.append("client ").append(c.clientId).append(' ').append(c.state())
                        .append(c.idle() ? "" : " busy").append("; ");
            }
        }
        SimNode l = leader();
        if (l != null) {
            sb.append("leader sessions ").append(l.sessions().keySet().stream()
                    .map(id -> "0x" + Long.toHexString(id)).toList());
        }
        return sb.toString();
    }
}

package dev.paddock.quorum.election;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A one-threaded network of {@link ElectionCore}s for tests: deliveries sit in a priority queue by time, with
 * random delay, loss and duplication from one seeded {@link Random}; links can be cut; nodes crash (their core is
 * dropped) and restart (a new core). Everything else happens at the times the cores ask for.
 */
final class ElectionNet {

    /** One decision as it came out of a core. */
    record Decision(long sid, long timeMs, ServerState role, Vote vote, Set<Long> supporters, int incarnation) {
    }

    /** A server: persistent state survives crashes, the core does not. */
    static final class Node {
        final long sid;
        final LearnerType type;
        long lastZxid;
        long currentEpoch;
        ElectionCore core;
        boolean up;
        int incarnation;

        Node(long sid, LearnerType type, long lastZxid, long currentEpoch) {
            this.sid = sid;
            this.type = type;
            this.lastZxid = lastZxid;
            this.currentEpoch = currentEpoch;
        }

        boolean decided() {
            return up && core != null && core.state() != ServerState.LOOKING;
        }

        long leader() {
            return core.currentVote().leader();
        }
    }

    private record Delivery(long timeMs, long seq, long from, long to, byte[] bytes) {
    }

    interface Listener {
        void decided(Node node, Outbound.Decided decided);
    }

    /** Far more than any sane election keeps in flight; more means the protocol amplifies its own traffic. */
    static final int MAX_IN_FLIGHT = 100_000;

    /** {@code -Delection.trace=true} prints every boot, delivery and decision of a replayed seed. */
    static final boolean TRACE = Boolean.getBoolean("election.trace");

    final Random random;
    final Map<Long, Node> nodes = new TreeMap<>();
    final List<Decision> decisions = new ArrayList<>();
    final VotingView view;
    long nowMs;
    long minDelayMs = 1;
    long maxDelayMs = 1;
    double dropRate;
    double duplicateRate;
    long delivered;
    private long seq;
    private final PriorityQueue<Delivery> queue = new PriorityQueue<>(
        (a, b) -> a.timeMs != b.timeMs ? Long.compare(a.timeMs, b.timeMs) : Long.compare(a.seq, b.seq));
    private final Set<Long> cutLinks = new HashSet<>();
    Listener listener = (node, decided) -> { };

    ElectionNet(long seed, VotingView view) {
        this.random = new Random(seed);
        this.view = view;
    }

    /** A majority view of voters 1..voters and observers voters+1..voters+observers. */
    static VotingView view(int voters, int observers) {
        List<Long> v = new ArrayList<>();
        List<Long> o = new ArrayList<>();
        for (long sid = 1; sid <= voters + observers; sid++) {
            (sid <= voters ? v : o).add(sid);
        }
        return VotingView.majority(v, o, ("version=0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Node add(long sid, long lastZxid, long currentEpoch) {
        LearnerType type = view.isVoter(sid) ? LearnerType.PARTICIPANT : LearnerType.OBSERVER;
        Node node = new Node(sid, type, lastZxid, currentEpoch);
        nodes.put(sid, node);
        return node;
    }

    Node node(long sid) {
        return nodes.get(sid);
    }

    /** Boot (or reboot) a server: a fresh core that starts looking at once. */
    void boot(long sid) {
        powerOn(sid);
        startLooking(sid);
    }

    /** A running process whose election has not started: its core holds what arrives until {@link #startLooking}. */
    void powerOn(long sid) {
        Node node = nodes.get(sid);
        node.core = new ElectionCore(ElectionConfig.of(sid, node.type, view));
        node.up = true;
        node.incarnation++;
    }

    void startLooking(long sid) {
        Node node = nodes.get(sid);
        if (TRACE) {
            System.out.printf("%6d %d boots (epoch %d, zxid 0x%x)%n", nowMs, sid, node.currentEpoch, node.lastZxid);
        }
        handle(node, node.core.start(node.lastZxid, node.currentEpoch, nowMs));
    }

    void crash(long sid) {
        Node node = nodes.get(sid);
        node.up = false;
        node.core = null;
    }

    /** The server gives up its role (Zab lost its leader or its quorum) and looks again. */
    void lookAgain(long sid) {
        Node node = nodes.get(sid);
        handle(node, node.core.start(node.lastZxid, node.currentEpoch, nowMs));
    }

    void cut(long a, long b) {
        cutLinks.add(linkKey(a, b));
    }

    void healAll() {
        cutLinks.clear();
    }

    boolean linked(long a, long b) {
        return a == b || !cutLinks.contains(linkKey(a, b));
    }

    private static long linkKey(long a, long b) {
        return Math.min(a, b) * 1_000_003L + Math.max(a, b);
    }

    void handle(Node node, List<Outbound> outs) {
        for (Outbound o : outs) {
            if (o instanceof Outbound.Send s) {
                send(node.sid, s);
            } else if (o instanceof Outbound.Decided d) {
                decisions.add(new Decision(node.sid, nowMs, d.role(), d.vote(), d.supporters(), node.incarnation));
                if (TRACE) {
                    System.out.printf("%6d %d decided %s %s%n", nowMs, node.sid, d.role(), d.vote());
                }
                listener.decided(node, d);
            }
        }
    }

    private void send(long from, Outbound.Send s) {
        if (s.toSid() == from) {
            throw new AssertionError("core addressed a send to itself: " + s);
        }
        if (!linked(from, s.toSid()) || random.nextDouble() < dropRate) {
            return;
        }
        int copies = random.nextDouble() < duplicateRate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = minDelayMs + (maxDelayMs > minDelayMs ? random.nextInt((int) (maxDelayMs - minDelayMs + 1)) : 0);
            queue.add(new Delivery(nowMs + delay, seq++, from, s.toSid(), s.bytes()));
            if (queue.size() > MAX_IN_FLIGHT) {
                throw new AssertionError("message storm: " + queue.size() + " messages in flight at " + nowMs
                    + " ms, most common: " + commonest());
            }
        }
    }

    private String commonest() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Delivery d : queue) {
            NotificationCodec.DecodeResult r = NotificationCodec.decode(d.bytes);
            Notification n = ((NotificationCodec.Decoded) r).notification();
            counts.merge(d.from + "->" + d.to + " " + n.state() + " leader " + n.leader() + " round " + n.electionEpoch(),
                1, Integer::sum);
        }
        return counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
            .map(e -> e.getKey() + " x" + e.getValue()).toList().toString();
    }

    int inFlight() {
        return queue.size();
    }

    /** Time of the next thing that happens, or Long.MAX_VALUE. */
    long nextEventMs() {
        long next = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().timeMs;
        for (Node node : nodes.values()) {
            if (node.up) {
                next = Math.min(next, node.core.nextDeadlineMs());
            }
        }
        return next;
    }

    /** Runs everything due up to {@code untilMs} and leaves the clock there. */
    void runUntil(long untilMs) {
        while (true) {
            long next = nextEventMs();
            if (next > untilMs) {
                break;
            }
            nowMs = Math.max(nowMs, next);
            step();
        }
        nowMs = Math.max(nowMs, untilMs);
    }

    private void step() {
        if (!queue.isEmpty() && queue.peek().timeMs <= nowMs) {
            Delivery d = queue.poll();
            Node target = nodes.get(d.to);
            if (target != null && target.up && linked(d.from, d.to)) {
                delivered++;
                if (TRACE) {
                    System.out.printf("%6d %d->%d %s%n", nowMs, d.from, d.to,
                        ((NotificationCodec.Decoded) NotificationCodec.decode(d.bytes)).notification());
                }
                handle(target, target.core.onMessage(d.from, d.bytes, nowMs));
            }
            return;
        }
        for (Node node : nodes.values()) {
            if (node.up && node.core.nextDeadlineMs() <= nowMs) {
                handle(node, node.core.tick(nowMs));
            }
        }
    }

    /** Runs until every up server has decided or the time limit passes; true if all decided. */
    boolean runUntilAllDecided(long limitMs) {
        while (nowMs <= limitMs) {
            if (nodes.values().stream().filter(n -> n.up).allMatch(Node::decided)) {
                return true;
            }
            long next = nextEventMs();
            if (next == Long.MAX_VALUE || next > limitMs) {
                return false;
            }
            nowMs = Math.max(nowMs, next);
            step();
        }
        return false;
    }

    /** Inject a message straight into a core, bypassing the network (for unit tests). */
    List<Outbound> inject(long from, long to, Notification n) {
        return nodes.get(to).core.onNotification(from, n, nowMs);
    }
}

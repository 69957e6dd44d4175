package dev.paddock.quorum.node;

import dev.paddock.core.CoreConfig;
import dev.paddock.core.LoggedTxn;
import dev.paddock.core.Replica;
import dev.paddock.core.pipeline.TreeEvents;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.quorum.zab.DurableState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Several {@link QuorumNode}s on one thread with an instant, lossless network and a perfect disk: every append
 * is durable at once, epochs and logs are kept per node so a node can be restarted from its "disk". The time
 * moves only when the test says so.
 */
final class NodeHarness {
    /** A node's disk: its log (zxid order) and epoch files. */
    static final class Disk {
        final TreeMap<Long, LoggedTxn> log = new TreeMap<>();
        long acceptedEpoch;
        long currentEpoch;
        DataTree snapshot;
        Map<Long, Integer> snapshotSessions = Map.of();
    }

    final Set<Long> voters;
    final Set<Long> observers;
    final Map<Long, QuorumNode> nodes = new TreeMap<>();
    final Map<Long, Disk> disks = new HashMap<>();
    /** Quorum connections, as unordered pairs {low, high}. */
    final Set<List<Long>> links = new HashSet<>();
    final Set<Long> down = new HashSet<>();
    private final ArrayDeque<Runnable> deliveries = new ArrayDeque<>();
    long now = 1_000_000;
    /** PING packets each node has sent (leaders' pings and learners' replies). */
    final Map<Long, Integer> pingsSent = new HashMap<>();
    /** TRUNCs a disk refused (a snapshot past the point, no log below it). */
    int refusedTruncations;

    NodeHarness(Set<Long> voters, Set<Long> observers) {
        this.voters = voters;
        this.observers = observers;
        for (long sid : union()) {
            disks.put(sid, new Disk());
            boot(sid);
        }
    }

    private Set<Long> union() {
        Set<Long> all = new java.util.TreeSet<>(voters);
        all.addAll(observers);
        return all;
    }

    QuorumNode.Settings settings(long sid) {
        CoreConfig core = new CoreConfig(sid, 100, 400, 40_000, null, false, 60_000, false);
        return new QuorumNode.Settings(core, voters, observers, 100, 10, 5, new byte[0],
                new QuorumNode.ElectionTiming(50, 50, 800));
    }

    /** Starts (or restarts) a node from its disk: the snapshot plus every logged txn applied. */
    void boot(long sid) {
        Disk d = disks.get(sid);
        DataTree tree = d.snapshot == null ? new DataTree() : d.snapshot;
        Replica replica = new Replica(tree, d.snapshotSessions);
        for (LoggedTxn t : d.log.values()) {
            if (t.zxid() > tree.lastProcessedZxid()) {
                replica.apply(t, TreeEvents.NONE);
            }
        }
        long last = d.log.isEmpty() ? tree.lastProcessedZxid() : Math.max(d.log.lastKey(), tree.lastProcessedZxid());
        QuorumNode n = new QuorumNode(settings(sid), DurableState.recovered(d.acceptedEpoch, d.currentEpoch, last),
                tree, replica.sessions(), TxnHistory.NONE);
        nodes.put(sid, n);
        down.remove(sid);
        n.start(now);
        carryOut(sid);
    }

    /** Crashes a node: its connections drop, its memory is gone, its disk stays. */
    void crash(long sid) {
        nodes.remove(sid);
        down.add(sid);
        for (List<Long> link : List.copyOf(links)) {
            if (link.contains(sid)) {
                links.remove(link);
                long other = link.get(0) == sid ? link.get(1) : link.get(0);
                deliver(() -> node(other).ifPresent(n -> {
                    n.quorumDisconnected(sid, now);
                    carryOut(other);
                }));
            }
        }
    }

    private java.util.Optional<QuorumNode> node(long sid) {
        return java.util.Optional.ofNullable(nodes.get(sid));
    }

    private void deliver(Runnable r) {
        deliveries.add(r);
    }

    /** Carries out a node's outputs: sends become deliveries, disk actions happen at once. */
    void carryOut(long sid) {
        QuorumNode n = nodes.get(sid);
        if (n == null) {
            return;
        }
        Disk d = disks.get(sid);
        boolean more = false;
        for (NodeOutput o : n.drain()) {
            if (o instanceof NodeOutput.ElectionSend s) {
                byte[] bytes = s.bytes();
                deliver(() -> node(s.toSid()).ifPresent(peer -> {
                    peer.electionMessage(sid, bytes, now);
                    carryOut(s.toSid());
                }));
            } else if (o instanceof NodeOutput.ConnectToLeader c) {
                long leader = c.leaderSid();
                deliver(() -> {
                    if (nodes.containsKey(leader) && nodes.containsKey(sid)) {
                        links.add(List.of(Math.min(sid, leader), Math.max(sid, leader)));
                        nodes.get(leader).quorumConnected(sid, now);
                        carryOut(leader);
                        nodes.get(sid).quorumConnected(leader, now);
                        carryOut(sid);
                    }
                });
            } else if (o instanceof NodeOutput.QuorumSend s) {
                QuorumPacket p = s.packet();
                if (p.type() == dev.paddock.quorum.zab.PacketType.PING) {
                    pingsSent.merge(sid, 1, Integer::sum);
                }
                List<Long> link = List.of(Math.min(sid, s.toSid()), Math.max(sid, s.toSid()));
                deliver(() -> {
                    if (links.contains(link)) {
                        node(s.toSid()).ifPresent(peer -> {
                            peer.quorumPacket(sid, p, now);
                            carryOut(s.toSid());
                        });
                    }
                });
            } else if (o instanceof NodeOutput.QuorumDisconnect x) {
                List<Long> link = List.of(Math.min(sid, x.sid()), Math.max(sid, x.sid()));
                if (links.remove(link)) {
                    deliver(() -> node(x.sid()).ifPresent(peer -> {
                        peer.quorumDisconnected(sid, now);
                        carryOut(x.sid());
                    }));
                }
            } else if (o instanceof NodeOutput.Append a) {
                d.log.put(a.txn().zxid(), a.txn());
                long zxid = a.txn().zxid();
                deliver(() -> node(sid).ifPresent(self -> {
                    self.persisted(zxid, now);
                    carryOut(sid);
                }));
            } else if (o instanceof NodeOutput.Truncate t) {
                if (d.snapshot != null && d.snapshot.lastProcessedZxid() > t.zxid()) {
                    // this disk keeps no log below its snapshot: storage refuses, changing nothing
                    refusedTruncations++;
                    n.truncationRefused(t.zxid(), "the snapshot is past it");
                    more = true; // what the node does about it
                    continue;
                }
                d.log.tailMap(t.zxid(), false).clear();
                DataTree rebuilt = d.snapshot == null ? new DataTree() : d.snapshot;
                Replica replica = new Replica(rebuilt, d.snapshotSessions);
                for (LoggedTxn txn : d.log.values()) {
                    if (txn.zxid() > rebuilt.lastProcessedZxid()) {
                        replica.apply(txn, TreeEvents.NONE);
                    }
                }
                n.replicaReloaded(rebuilt, replica.sessions());
            } else if (o instanceof NodeOutput.PersistSnapshot s) {
                d.snapshot = copyOf(s.tree());
                d.snapshotSessions = Map.copyOf(s.sessions());
                d.log.clear();
            } else if (o instanceof NodeOutput.WriteAcceptedEpoch e) {
                d.acceptedEpoch = e.epoch();
            } else if (o instanceof NodeOutput.WriteCurrentEpoch e) {
                d.currentEpoch = e.epoch();
            }
        }
        if (more) {
            carryOut(sid);
        }
    }

    private static DataTree copyOf(DataTree t) {
        dev.paddock.jute.JuteOutput out = new dev.paddock.jute.JuteOutput(4096);
        dev.paddock.core.zkformat.ZkSnapshotFormat.write(t, Map.of(), out);
        DataTree copy = dev.paddock.core.zkformat.ZkSnapshotFormat.read(
                new dev.paddock.jute.JuteInput(out.toByteArray())).tree();
        copy.setLastProcessedZxid(t.lastProcessedZxid());
        return copy;
    }

    /** Delivers everything pending (and what that causes), bounded. */
    void settle() {
        for (int i = 0; i < 1_000_000 && !deliveries.isEmpty(); i++) {
            deliveries.poll().run();
        }
        if (!deliveries.isEmpty()) {
            throw new AssertionError("the harness did not settle");
        }
    }

    /** Advances the clock in steps of {@code stepMs}, ticking every node and settling after each step. */
    void run(long ms, long stepMs) {
        for (long t = 0; t < ms; t += stepMs) {
            now += stepMs;
            for (long sid : List.copyOf(nodes.keySet())) {
                node(sid).ifPresent(n -> {
                    n.tick(now);
                    carryOut(sid);
                });
            }
            settle();
        }
    }

    /** Runs until every live node serves (or the time is up). */
    boolean runUntilAllServe(long maxMs) {
        for (long t = 0; t < maxMs; t += 10) {
            run(10, 10);
            if (nodes.values().stream().allMatch(QuorumNode::serving)) {
                return true;
            }
        }
        return false;
    }

    QuorumNode leader() {
        return nodes.values().stream().filter(n -> n.role() == NodeOutput.Role.LEADING && n.serving()).findFirst()
                .orElseThrow(() -> new AssertionError("no serving leader"));
    }

    List<QuorumNode> followers() {
        List<QuorumNode> out = new ArrayList<>();
        for (QuorumNode n : nodes.values()) {
            if (n.role() != NodeOutput.Role.LEADING) {
                out.add(n);
            }
        }
        return out;
    }
}

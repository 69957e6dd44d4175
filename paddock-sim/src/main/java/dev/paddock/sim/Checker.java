package dev.paddock.sim;

import dev.paddock.core.LoggedTxn;
import dev.paddock.quorum.zab.TxnPayload;
import dev.paddock.quorum.zab.Zxid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The invariants checked while a simulation runs. The committed history G (zxid to txn bytes) is learned from
 * leaders: a leader's whole history when it establishes its epoch, and each txn it commits. Every violation is
 * kept with the simulated time; a run passes only with none.
 */
final class Checker {
    private final TreeMap<Long, byte[]> committed = new TreeMap<>();
    private final TreeMap<Long, LoggedTxn> committedTxns = new TreeMap<>();
    private final Map<Long, Long> leaderOfEpoch = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    /** Each configuration version any server put in force, with its text. */
    private final TreeMap<Long, String> activatedConfigs = new TreeMap<>();
    private final EventLoop loop;

    Checker(EventLoop loop) {
        this.loop = loop;
    }

    List<String> violations() {
        return violations;
    }

    TreeMap<Long, byte[]> committed() {
        return committed;
    }

    /** The committed txns up to {@code zxid}: what a snapshot taken there stands for. */
    List<LoggedTxn> committedUpTo(long zxid) {
        return List.copyOf(committedTxns.headMap(zxid, true).values());
    }

    Map<Long, Long> leaderOfEpoch() {
        return leaderOfEpoch;
    }

    void violation(String what) {
        if (violations.size() < 50) {
            violations.add("t=" + loop.nowMs() + "ms " + what);
        }
    }

    /** A leader established {@code epoch}: its history up to {@code lastZxid} is now committed. */
    void onEstablished(long sid, long epoch, long lastZxid, NodeDisk store) {
        Long other = leaderOfEpoch.putIfAbsent(epoch, sid);
        if (other != null && other != sid) {
            violation("two leaders established epoch " + epoch + ": " + other + " and " + sid);
        }
        Long beyond = committed.higherKey(lastZxid);
        if (beyond != null) {
            violation("leader " + sid + " of epoch " + epoch + " ends at " + Zxid.hex(lastZxid)
                    + " without committed " + Zxid.hex(beyond));
        }
        Map<Long, LoggedTxn> log = new TreeMap<>();
        for (LoggedTxn t : store.history()) {
            log.put(t.zxid(), t);
        }
        for (Map.Entry<Long, byte[]> e : committed.headMap(lastZxid, true).entrySet()) {
            if (!log.containsKey(e.getKey())) {
                violation("leader " + sid + " of epoch " + epoch + " lacks committed " + Zxid.hex(e.getKey()));
            }
        }
        for (LoggedTxn t : log.values()) {
            if (t.zxid() <= lastZxid) {
                commit(sid, t);
            }
        }
    }

    /** A leader committed {@code txn} by a quorum of acks. */
    void commit(long sid, LoggedTxn txn) {
        byte[] bytes = TxnPayload.encode(txn);
        committedTxns.putIfAbsent(txn.zxid(), txn);
        byte[] old = committed.putIfAbsent(txn.zxid(), bytes);
        if (old != null && !Arrays.equals(old, bytes)) {
            violation("zxid " + Zxid.hex(txn.zxid()) + " committed as two different txns (last by " + sid + ")");
        }
    }

    /**
     * Server {@code sid} put {@code config} in force. One version, one configuration: two servers that activate the
     * same version with different members would count quorums of different ensembles.
     */
    void configActivated(long sid, dev.paddock.core.config.QuorumConfig config) {
        String text = config.text();
        String old = activatedConfigs.putIfAbsent(config.version(), text);
        if (old != null && !old.equals(text)) {
            violation("server " + sid + " activated configuration 0x" + Long.toHexString(config.version())
                    + " as " + config.voters() + " but another server activated it as " + old.replace('\n', ' '));
        }
    }

    /**
     * Every configuration put in force is the one a committed reconfiguration wrote, at the zxid its version names:
     * no server ever counts quorums with a configuration that did not commit (so at every moment the servers that
     * can commit agree on which configuration they count with, or on the pair a pending reconfiguration needs).
     */
    void checkActivatedConfigsCommitted(dev.paddock.core.config.QuorumConfig initial) {
        activatedConfigs.forEach((version, text) -> {
            if (version == 0) {
                return;
            }
            if (Zxid.counter(version) == 0) {
                // a leader gave the configuration in force the zxid of its NEWLEADER as version (ZooKeeper's
                // ZOOKEEPER-1783): same members as the last committed reconfiguration before it, or the initial ones
                dev.paddock.core.config.QuorumConfig before = initial;
                for (LoggedTxn t : committedTxns.headMap(version, false).descendingMap().values()) {
                    String data = reconfigData(t);
                    if (data != null) {
                        before = dev.paddock.core.config.QuorumConfig.parse(data);
                        break;
                    }
                }
                if (!before.sameMembers(dev.paddock.core.config.QuorumConfig.parse(text))) {
                    violation("configuration 0x" + Long.toHexString(version) + " (an epoch's version) changed the "
                            + "members: " + text.replace('\n', ' '));
                }
                return;
            }
            String data = reconfigData(committedTxns.get(version));
            if (data == null || !data.equals(text)) {
                violation("configuration 0x" + Long.toHexString(version) + " was put in force but no committed "
                        + "reconfiguration at that zxid wrote it");
            }
        });
    }

    /** The configuration text a reconfiguration txn wrote; null for any other txn. */
    private static String reconfigData(LoggedTxn t) {
        if (t != null && t.header().type() == dev.paddock.jute.OpCode.RECONFIG.code
                && t.txn() instanceof dev.paddock.jute.txn.SetDataTxn d) {
            return new String(d.data(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }

    int activatedConfigCount() {
        return activatedConfigs.size();
    }

    /** A serving server applied {@code txn}: it must be committed, and be the committed txn. */
    void onServingApply(long sid, LoggedTxn txn) {
        byte[] c = committed.get(txn.zxid());
        if (c == null) {
            violation("server " + sid + " applied uncommitted " + Zxid.hex(txn.zxid()) + " while serving");
        } else if (!Arrays.equals(c, TxnPayload.encode(txn))) {
            violation("server " + sid + " applied a txn at " + Zxid.hex(txn.zxid()) + " that differs from the committed one");
        }
    }

    /** Whatever a server holds in its log must agree with the committed history where they overlap. */
    void checkLogAgrees(long sid, NodeDisk store, boolean mustBeCommitted) {
        for (LoggedTxn t : store.history()) {
            byte[] c = committed.get(t.zxid());
            if (c == null) {
                if (mustBeCommitted) {
                    violation("server " + sid + " keeps uncommitted " + Zxid.hex(t.zxid()) + " after quiescence");
                }
            } else if (!Arrays.equals(c, TxnPayload.encode(t))) {
                violation("server " + sid + " logs a txn at " + Zxid.hex(t.zxid()) + " that differs from the committed one");
            }
        }
    }
}

package dev.paddock.quorum.node;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.config.Membership;
import dev.paddock.core.config.QuorumConfig;
import dev.paddock.core.config.QuorumServerSpec;
import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.txn.SetDataTxn;
import dev.paddock.quorum.election.LearnerType;
import dev.paddock.quorum.election.VotingView;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's view of the ensemble's configuration over time: the configuration in force (what elections and
 * quorums count with), the text it shows and sends, and a reconfiguration proposed but not yet in force. A
 * configuration comes into force only at committed points: when its reconfiguration txn commits, when a role is
 * established on a history that holds it, or when a peer's election notification shows a newer one.
 */
final class Reconfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(Reconfiguration.class);

    private final long mySid;
    private final boolean enabled;
    private final boolean standaloneEnabled;
    private QuorumConfig config;
    private byte[] text;
    /** Prepared by this leader and not yet in force; null when none. */
    private QuorumConfig proposed;

    /**
     * @param initialText the configuration text the server was started with (may be empty: the simulator's nodes
     *                    then get a configuration with one made-up address per member)
     */
    Reconfiguration(long mySid, Set<Long> voters, Set<Long> observers, byte[] initialText, boolean enabled,
                    boolean standaloneEnabled) {
        this.mySid = mySid;
        this.enabled = enabled;
        this.standaloneEnabled = standaloneEnabled;
        this.text = initialText.clone();
        QuorumConfig parsed = null;
        if (initialText.length > 0) {
            try {
                parsed = QuorumConfig.parse(new String(initialText, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                LOG.warn("Server {}: cannot read its own configuration text ({}); reconfiguration is off",
                        mySid, e.getMessage());
            }
        }
        this.config = parsed != null ? parsed : synthetic(voters, observers);
        if (text.length == 0 && enabled) {
            text = config.text().getBytes(StandardCharsets.UTF_8); // peers learn newer configurations from it
        }
    }

    /** {@code server.N=nodeN:2888:3888:role;2181} per member: for nodes started without a configuration text. */
    static QuorumConfig synthetic(Set<Long> voters, Set<Long> observers) {
        Map<Long, QuorumServerSpec> servers = new LinkedHashMap<>();
        for (long sid : voters) {
            servers.put(sid, QuorumServerSpec.parse(sid, "node" + sid + ":2888:3888:participant;2181", false));
        }
        for (long sid : observers) {
            servers.put(sid, QuorumServerSpec.parse(sid, "node" + sid + ":2888:3888:observer;2181", false));
        }
        return new QuorumConfig(servers, 0);
    }

    boolean enabled() {
        return enabled;
    }

    QuorumConfig config() {
        return config;
    }

    /** The text of the configuration in force (what /zookeeper/config shows, notifications and NEWLEADER carry). */
    byte[] text() {
        return text;
    }

    VotingView votingView() {
        return VotingView.majority(config.voters(), config.observers(), text);
    }

    LearnerType learnerType() {
        return config.isObserver(mySid) ? LearnerType.OBSERVER : LearnerType.PARTICIPANT;
    }

    /** Every other member of the configuration in force or proposed. */
    Set<Long> peers() {
        Set<Long> all = new java.util.TreeSet<>(config.servers().keySet());
        if (proposed != null) {
            all.addAll(proposed.servers().keySet());
        }
        all.remove(mySid);
        return all;
    }

    /** The configuration a txn writes, when it is a reconfiguration; else null. */
    static QuorumConfig of(LoggedTxn t) {
        if (t.header().type() != OpCode.RECONFIG.code || !(t.txn() instanceof SetDataTxn s)) {
            return null;
        }
        return QuorumConfig.parse(new String(s.data(), StandardCharsets.UTF_8));
    }

    /** The configuration /zookeeper/config of {@code tree} holds when it is newer than the one in force, else null. */
    QuorumConfig newerIn(DataTree tree) {
        if (!enabled) {
            return null;
        }
        DataNode n = tree.get(DataTree.CONFIG);
        if (n == null || n.data() == null || n.data().length == 0) {
            return null;
        }
        try {
            QuorumConfig c = QuorumConfig.parse(new String(n.data(), StandardCharsets.UTF_8));
            return c.version() > config.version() ? c : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Makes {@code next} the configuration in force if it is newer. Returns false (and changes nothing) when it is
     * not, or when reconfiguration is disabled.
     */
    boolean activate(QuorumConfig next, String how) {
        if (!enabled || next.version() <= config.version()) {
            return false;
        }
        LOG.info("Server {} activates configuration 0x{} ({}): voters {}, observers {} (was 0x{}: {}, {})", mySid,
                Long.toHexString(next.version()), how, next.voters(), next.observers(),
                Long.toHexString(config.version()), config.voters(), config.observers());
        config = next;
        text = next.text().getBytes(StandardCharsets.UTF_8);
        if (proposed != null && proposed.version() <= next.version()) {
            proposed = null;
        }
        return true;
    }

    /** The role ended: a reconfiguration this server prepared as leader and did not commit is forgotten. */
    void roleEnded() {
        proposed = null;
    }

    /** What a leader's request pipeline asks; {@code syncedFollowers} are the followers synced with it. */
    Membership membership(Supplier<Set<Long>> syncedFollowers) {
        return new Membership() {
            @Override
            public QuorumConfig committed() {
                return config;
            }

            @Override
            public QuorumConfig lastSeen() {
                return proposed != null ? proposed : config;
            }

            @Override
            public boolean standaloneEnabled() {
                return standaloneEnabled;
            }

            @Override
            public boolean isQuorumSynced(QuorumConfig next) {
                Set<Long> synced = new HashSet<>(syncedFollowers.get());
                synced.add(mySid);
                return next.isQuorum(synced);
            }

            @Override
            public void proposed(QuorumConfig next) {
                proposed = next;
            }
        };
    }
}

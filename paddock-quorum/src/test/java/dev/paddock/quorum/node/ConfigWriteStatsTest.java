package dev.paddock.quorum.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.CoreConfig;
import dev.paddock.core.CoreStats;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.EventType;
import dev.paddock.quorum.zab.DurableState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The member's own configuration in /zookeeper/config counts as a write there, as ZooKeeper counts it. */
class ConfigWriteStatsTest {
    private static final byte[] CONFIG = ("server.1=127.0.0.1:2888:3888:participant;127.0.0.1:2181\n"
            + "version=0").getBytes(StandardCharsets.UTF_8);

    /** The writes it was told of, as "path=bytes". */
    private static final class Writes implements CoreStats {
        final List<String> seen = new ArrayList<>();

        @Override
        public void read(String path, long bytes) {
        }

        @Override
        public void written(String path, long bytes) {
            seen.add(path + "=" + bytes);
        }

        @Override
        public void watchesFired(EventType type, int count) {
        }
    }

    private static QuorumNode node(byte[] config) {
        CoreConfig core = new CoreConfig(1, 100, 400, 40_000, null, false, 60_000, false);
        QuorumNode.Settings settings = new QuorumNode.Settings(core, Set.of(1L, 2L, 3L), Set.of(), 100, 10, 5, config,
                new QuorumNode.ElectionTiming(50, 50, 800));
        return new QuorumNode(settings, DurableState.recovered(0, 0, 0), new DataTree(), Map.of(), TxnHistory.NONE);
    }

    @Test
    void theStartUpWriteCountsOnceWhenStatsAreGiven() {
        QuorumNode n = node(CONFIG);
        assertThat(n.tree().get(DataTree.CONFIG).data()).isEqualTo(CONFIG);
        Writes writes = new Writes();
        n.recordInto(writes);
        assertThat(writes.seen).containsExactly(DataTree.CONFIG + "=" + CONFIG.length);
        n.recordInto(writes);
        assertThat(writes.seen).as("given again, nothing new was written").hasSize(1);
    }

    @Test
    void noConfigurationNoWrite() {
        Writes writes = new Writes();
        node(new byte[0]).recordInto(writes);
        assertThat(writes.seen).isEmpty();
    }
}

package dev.paddock.quorum.zab;

import static dev.paddock.quorum.zab.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.LoggedTxn;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InMemorySyncSourceTest {
    private static final long A = Zxid.make(1, 1);
    private static final long B = Zxid.make(1, 2);
    private static final long C = Zxid.make(2, 1);
    private static final long D = Zxid.make(2, 2);

    private final List<LoggedTxn> txns = List.of(create(A), create(B), create(C), create(D));

    @Test
    void diffsFromTheLearnersLastZxid() {
        SyncPlan p = InMemorySyncSource.of(txns).plan(B, D);
        assertThat(p).isInstanceOf(SyncPlan.Diff.class);
        assertThat(p.txns()).extracting(LoggedTxn::zxid).containsExactly(C, D);
        assertThat(InMemorySyncSource.of(txns).plan(D, D).txns()).isEmpty();
        assertThat(InMemorySyncSource.of(txns).plan(0, D).txns()).hasSize(4);
    }

    @Test
    void truncatesAtTheDivergencePointThenDiffs() {
        SyncPlan p = InMemorySyncSource.of(txns).plan(Zxid.make(1, 3), D);
        assertThat(p).isInstanceOf(SyncPlan.Trunc.class);
        assertThat(((SyncPlan.Trunc) p).truncZxid()).isEqualTo(B);
        assertThat(p.txns()).extracting(LoggedTxn::zxid).containsExactly(C, D);
    }

    @Test
    void truncatesALearnerAheadOfTheCommittedHistory() {
        SyncPlan p = InMemorySyncSource.of(txns).plan(D, C);
        assertThat(p).isInstanceOf(SyncPlan.Trunc.class);
        assertThat(((SyncPlan.Trunc) p).truncZxid()).isEqualTo(C);
        assertThat(p.txns()).isEmpty();
    }

    @Test
    void snapsALearnerOlderThanTheWindow() {
        NavigableMap<Long, LoggedTxn> log = new TreeMap<>();
        log.put(C, create(C));
        log.put(D, create(D));
        InMemorySyncSource src = new InMemorySyncSource(log, B, z -> new byte[] {(byte) z});
        SyncPlan p = src.plan(A, D);
        assertThat(p).isInstanceOf(SyncPlan.Snap.class);
        assertThat(((SyncPlan.Snap) p).zxid()).isEqualTo(D);
        assertThat(src.plan(B, D).txns()).extracting(LoggedTxn::zxid).containsExactly(C, D);
    }
}

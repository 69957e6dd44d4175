package dev.paddock.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void countsSumMinMaxAndAverage() {
        Summary s = new Summary("x", false);
        for (long v : new long[] {4, 1, 7, 2}) {
            s.add(v);
        }
        Summary.Snapshot snap = s.snapshot();
        assertThat(snap.count()).isEqualTo(4);
        assertThat(snap.sum()).isEqualTo(14);
        assertThat(snap.min()).isEqualTo(1);
        assertThat(snap.max()).isEqualTo(7);
        assertThat(snap.avg()).isEqualTo(3.5);
        Map<String, Object> out = new LinkedHashMap<>();
        s.mntr("x", out);
        assertThat(out.keySet()).containsExactly("avg_x", "min_x", "max_x", "cnt_x", "sum_x");
    }

    @Test
    void emptyIsZeroForMntrAndNaNForPrometheus() {
        Summary.Snapshot snap = new Summary("x", true).snapshot();
        assertThat(snap.avg()).isZero();
        assertThat(snap.interpolated(0.99)).isZero();
        assertThat(snap.nearestRank(0.5)).isNaN();
    }

    @Test
    void quantilesOfTheRecentValues() {
        Summary s = new Summary("x", true);
        for (int i = 1; i <= 100; i++) {
            s.add(i);
        }
        Summary.Snapshot snap = s.snapshot();
        assertThat(snap.nearestRank(0.5)).isEqualTo(50);
        assertThat(snap.nearestRank(0.99)).isEqualTo(99);
        assertThat(Math.round(snap.interpolated(0.95))).isEqualTo(96);
        for (int i = 0; i < Summary.RECENT; i++) {
            s.add(1000); // the window moves on; count and sum keep everything
        }
        assertThat(s.snapshot().nearestRank(0.5)).isEqualTo(1000);
        assertThat(s.snapshot().count()).isEqualTo(100 + Summary.RECENT);
    }

    @Test
    void summarySetsKeyByTopLevelNamespace() {
        SummarySet set = new SummarySet("write_per_namespace", false);
        set.addForPath("/app/a/b", 10);
        set.addForPath("/app", 20);
        set.addForPath("/apple", 1);
        set.addForPath("/", 5);
        set.addForPath("relative", 5);
        assertThat(set.byKey().keySet()).containsExactlyInAnyOrder("app", "apple");
        assertThat(set.byKey().get("app").snapshot().sum()).isEqualTo(30);
        Map<String, Object> out = new LinkedHashMap<>();
        set.byKey().get("app").mntr(set.byKey().get("app").name(), out);
        assertThat(out).containsEntry("cnt_app_write_per_namespace", 2L);
    }
}

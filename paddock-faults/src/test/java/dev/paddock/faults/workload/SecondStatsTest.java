package dev.paddock.faults.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.run.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecondStatsTest {
    private static final long S = 1_000_000_000L;

    @Test
    void countsPerSecondWithLatencyOfCompletedOnly() {
        SecondStats st = new SecondStats();
        st.record(Outcome.OK, S / 2, 2_000_000);
        st.record(Outcome.FAIL, S / 2, 4_000_000);
        st.record(Outcome.UNKNOWN, 2 * S + 1, 3_000_000_000L);
        List<Sample> samples = st.samples();
        assertThat(samples).hasSize(3);
        assertThat(samples.get(0).ok()).isEqualTo(1);
        assertThat(samples.get(0).fail()).isEqualTo(1);
        assertThat(samples.get(0).maxMillis()).isBetween(3.9, 4.1);
        assertThat(samples.get(1)).isEqualTo(new Sample(1, 0, 0, 0, 0, 0, 0));
        assertThat(samples.get(2).unknown()).isEqualTo(1);
        assertThat(samples.get(2).maxMillis()).isZero();
        assertThat(st.operations()).isEqualTo(3);
        assertThat(st.unknown()).isEqualTo(1);
    }
}

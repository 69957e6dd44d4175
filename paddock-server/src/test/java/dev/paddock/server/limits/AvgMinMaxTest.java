package dev.paddock.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AvgMinMaxTest {
    @Test
    void emptyIsAllZeroesThenTracksValuesAndResets() {
        AvgMinMax s = new AvgMinMax();
        assertThat(new double[] {s.avg(), s.min(), s.max(), s.count(), s.sum()}).containsOnly(0.0);
        s.add(5);
        s.add(1);
        s.add(3);
        s.add(2);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(5);
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.sum()).isEqualTo(11);
        assertThat(s.avg()).isEqualTo(2.75);
        s.add(0);
        s.add(0);
        assertThat(s.avg()).as("11/6 rounded half-up to 4 decimals").isEqualTo(1.8333);
        s.reset();
        assertThat(new double[] {s.avg(), s.min(), s.max(), s.count(), s.sum()}).containsOnly(0.0);
        s.add(7);
        assertThat(s.min()).isEqualTo(7);
    }
}

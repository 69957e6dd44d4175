package dev.paddock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoopbackProbeTest {
    @Test
    void percentilesAreNearestRankInMicroseconds() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (100 - i) * 1_000L; // 100 us down to 1 us, unsorted
        }
        LoopbackProbe.RoundTrip rt = LoopbackProbe.of(nanos);
        assertThat(rt.p50Us()).isEqualTo(50.0);
        assertThat(rt.p90Us()).isEqualTo(90.0);
        assertThat(rt.p99Us()).isEqualTo(99.0);
        assertThat(rt.count()).isEqualTo(100);
        assertThat(rt.describe()).startsWith("p50 50.0 / p90 90.0 / p99 99.0 us");
    }

    @Test
    void timesRoundTripsToAPinnedEchoProcessAndStopsIt() throws Exception {
        String cpus = PinnedScenario.ownCpus();
        long before = ProcessHandle.current().children().count();
        LoopbackProbe.RoundTrip rt = LoopbackProbe.measure(System.getProperty("java.class.path"), cpus, 200);
        assertThat(rt.count()).isEqualTo(200);
        assertThat(rt.p50Us()).isPositive().isLessThanOrEqualTo(rt.p90Us());
        assertThat(rt.p90Us()).isLessThanOrEqualTo(rt.p99Us());
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isEqualTo(before);
    }

    @Test
    void aMalformedCpuListFailsBeforeAnyProcessStarts() {
        assertThatThrownBy(() -> LoopbackProbe.measure(System.getProperty("java.class.path"), "one", 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

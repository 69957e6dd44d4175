package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The differential harness itself: it must report the first difference and how to replay it. */
class DifferentialHarnessTest {

    @Test
    void firstDifferenceIsReportedWithSeedAndReplayCommand() {
        List<String> zk = List.of("open c0 session=s0", "#0 create c0 /d/a -> /d/a", "#1 exists c1 /d/a -> null");
        List<String> pd = List.of("open c0 session=s0", "#0 create c0 /d/a -> /d/a", "#1 exists c1 /d/a -> {cz=z1}");
        assertThatThrownBy(() -> DifferentialTest.compare(42, "zookeeper", "paddock", zk, pd))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("seed 42 at line 2")
            .hasMessageContaining("mvn -pl paddock-compat verify -Dtest=DifferentialTest -Dpaddock.diff.seed=42")
            .hasMessageContaining("zookeeper: #1 exists c1 /d/a -> null")
            .hasMessageContaining("paddock: #1 exists c1 /d/a -> {cz=z1}");
        assertThatThrownBy(() -> DifferentialTest.compare(7, "zookeeper", "paddock", zk, zk.subList(0, 2)))
            .isInstanceOf(AssertionError.class);
        DifferentialTest.compare(1, "zookeeper", "paddock", zk, zk);
    }

    @Test
    void generatorIsDeterministicPerSeed() {
        DifferentialTest.Generator a = new DifferentialTest.Generator(new Random(99));
        DifferentialTest.Generator b = new DifferentialTest.Generator(new Random(99));
        for (int i = 0; i < 500; i++) {
            assertThat(a.next().toString()).isEqualTo(b.next().toString());
        }
    }
}

package dev.paddock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PinnedScenarioTest {
    @Test
    void deletePoolIsFourTimesWhatTheFasterServerCreatesInARunCapped() {
        assertThat(PinnedScenario.deletePool(0, 13_000, 128)).isEqualTo(200_000);
        assertThat(PinnedScenario.deletePool(30_000, 13_000, 128)).isEqualTo(30_000 * 13 * 4 + 128);
        assertThat(PinnedScenario.deletePool(100_000, 13_000, 128)).isEqualTo(3_000_000);
    }

    @Test
    void pinnedClientOptionChoosesTheLoadGenerator() {
        assertThat(pinning().client()).isEqualTo(Settings.PinnedClient.ZOOKEEPER);
        assertThat(pinning("--pinned-client", "zookeeper-netty").client())
                .isEqualTo(Settings.PinnedClient.ZOOKEEPER_NETTY);
        Settings.Pinning lean = pinning("--pinned-client", "paddock", "--server-cpus", "1");
        assertThat(lean.paddockClient()).isTrue();
        assertThat(lean.serverCpus()).isEqualTo("1");
        assertThatThrownBy(() -> pinning("--pinned-client", "curator"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zookeeper, zookeeper-netty or paddock, not curator");
    }

    private static Settings.Pinning pinning(String... args) {
        PaddockBench bench = new PaddockBench();
        new CommandLine(bench).parseArgs(args);
        return bench.overrides(Settings.quick()).pinning();
    }
}

package dev.paddock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a benchmark: one second of saturation load against a Paddock child JVM, checking that the harness produces
 * results and a report. No timing is asserted.
 */
class BenchSmokeTest {
    @Test
    void oneSecondOfSaturationAgainstPaddockProducesResultsAndAReport(@TempDir Path docs) throws Exception {
        Results results = new Bench(Settings.smoke(), System.getProperty("java.class.path"), Set.of("saturation"),
                List.of(ServerKind.PADDOCK)).run();

        assertThat(results.failures).isEmpty();
        List<Load.Result> runs = results.saturation.get(ServerKind.PADDOCK.name());
        assertThat(runs).hasSize(1);
        Load.Result r = runs.get(0);
        assertThat(r.ops()).isPositive();
        assertThat(r.errors()).isZero();
        assertThat(r.opsPerSec()).isPositive();
        assertThat(r.p99Us()).isPositive().isGreaterThanOrEqualTo(r.p50Us());
        assertThat(r.serverCpuSeconds()).isPositive();
        assertThat(r.serverRssBytes()).isPositive();
        assertThat(results.serverStorageLog.get(ServerKind.PADDOCK.name()))
                .anyMatch(l -> l.contains("started ("));

        Report.write(results, docs);
        assertThat(docs.resolve("benchmarks.md")).content().contains("Standalone saturation");
        JsonNode json = new ObjectMapper().readTree(docs.resolve("bench/results.json").toFile());
        assertThat(json.at("/saturation/PADDOCK/0/ops").asLong()).isEqualTo(r.ops());
        assertThat(Files.exists(docs.resolve("bench"))).isTrue();
    }

    /** A 3-server Paddock ensemble in child JVMs: load over all members, one failover, mntr on the leader. */
    @Test
    void ensembleScenariosRunAgainstAPaddockEnsemble(@TempDir Path docs) throws Exception {
        Results results = new Bench(Settings.smoke(), System.getProperty("java.class.path"), Set.of("ensemble"),
                List.of(ServerKind.PADDOCK)).run();

        assertThat(results.failures).isEmpty();
        Load.Result writes = results.ensembleWrite.get(ServerKind.PADDOCK.name());
        Load.Result reads = results.ensembleRead.get(ServerKind.PADDOCK.name());
        assertThat(writes.ops()).isPositive();
        assertThat(writes.errors()).isZero();
        assertThat(reads.ops()).isPositive();
        assertThat(reads.errors()).isZero();
        Results.Failover f = results.failover.get(ServerKind.PADDOCK.name());
        assertThat(f.rounds()).isEqualTo(1);
        assertThat(f.firstWriteMs()).hasSize(1);
        assertThat(f.firstWriteMs()[0]).isPositive();
        assertThat(results.ensembleMntr.get(ServerKind.PADDOCK.name()).get("leader"))
                .contains("zk_server_state\tleader").contains("zk_synced_followers\t2");

        Report.write(results, docs);
        assertThat(docs.resolve("benchmarks.md")).content().contains("## 3-server ensemble scenarios")
                .contains("| writes: ops/s |");
    }
}

package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** metricsProvider.exportJvmInfo=false on both servers: no jvm_ or process_ family, the rest as ZooKeeper's. */
class PrometheusNoJvmCompatTest {

    @Test
    void withoutJvmInfoNeitherExportsJvmOrProcessFamilies() throws Exception {
        try (OpsServers servers = OpsServers.start(ZooKeeperProcess.Options.withMetrics(false))) {
            Map<String, PromText.Family> zk = PromText.parse(servers.zkMetrics().body());
            Map<String, PromText.Family> paddock = PromText.parse(servers.paddockMetrics().body());
            // ZooKeeper's own jvm_pause_time_ms stays; the JVM collectors (jvm_memory_*, process_*, ...) go
            assertThat(zk).doesNotContainKeys("jvm_info", "process_cpu_seconds_total").containsKey("jvm_pause_time_ms");
            assertThat(paddock.keySet()).as("Paddock's JVM and process families with exportJvmInfo=false")
                .filteredOn(n -> n.startsWith("jvm_") || n.startsWith("process_")).isSubsetOf(zk.keySet());
            assertThat(PrometheusCompatTest.familyDifferences(zk, paddock)).isEmpty();
        }
    }
}

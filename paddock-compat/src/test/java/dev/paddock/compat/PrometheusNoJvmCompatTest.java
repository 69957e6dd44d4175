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
            assertThat(zk.keySet()).noneMatch(n -> n.startsWith("jvm_") || n.startsWith("process_"));
            assertThat(paddock.keySet()).as("Paddock with exportJvmInfo=false")
                .noneMatch(n -> n.startsWith("jvm_") || n.startsWith("process_"));
            assertThat(PrometheusCompatTest.familyDifferences(zk, paddock)).isEmpty();
        }
    }
}

package dev.paddock.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.server.metrics.MetricsCatalog.Def;
import dev.paddock.server.metrics.MetricsCatalog.Kind;
import dev.paddock.server.net.OverloadCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetricsCatalogTest {

    private static String prometheusType(Kind k) {
        return switch (k) {
            case GAUGE, GAUGE_SET -> "gauge";
            case COUNTER, COUNTER_SET -> "counter";
            case SUMMARY, SUMMARY_SET -> "summary";
        };
    }

    @Test
    void everyMetricZooKeeperExportsIsInTheCatalogWithItsType() {
        Map<String, String> zk = ZooKeeperReference.types(ZooKeeperReference.resource("zookeeper-3.9.3-metrics.txt"));
        Map<String, String> ours = MetricsCatalog.ALL.stream()
                .collect(Collectors.toMap(Def::name, d -> prometheusType(d.kind())));
        zk.keySet().removeIf(ZooKeeperReference::jvm);
        assertThat(zk).hasSize(150); // every family of a standalone ZooKeeper but the JVM's
        zk.forEach((name, type) -> assertThat(ours).as(name).containsEntry(name, type));
    }

    @Test
    void theCatalogHasNothingZooKeeperDoesNot() {
        Set<String> zk = ZooKeeperReference.types(ZooKeeperReference.resource("zookeeper-3.9.3-metrics.txt")).keySet();
        Set<String> quorumOnly = Set.of("quorum_size", "learners", "synced_followers", "synced_non_voting_followers",
                "synced_observers", "pending_syncs", "leader_uptime", "last_proposal_size", "max_proposal_size",
                "min_proposal_size");
        for (Def d : MetricsCatalog.ALL) {
            if (!quorumOnly.contains(d.name())) {
                assertThat(zk).as(d.name()).contains(d.name());
            }
        }
        assertThat(MetricsCatalog.ALL.stream().map(Def::name).distinct().count()).isEqualTo(MetricsCatalog.ALL.size());
    }

    @Test
    void everyMetricWithoutACounterpartSaysWhy() {
        assertThat(MetricsCatalog.NOT_KEPT).isNotEmpty();
        MetricsCatalog.NOT_KEPT.forEach((name, why) -> assertThat(why).as(name).hasSizeGreaterThan(10));
        assertThat(MetricsCatalog.NOT_KEPT).doesNotContainKeys("readlatency", "updatelatency", "fsynctime",
                "bytes_received_count", "response_bytes", "watch_bytes", "connection_token_deficit", "avg_latency");
    }

    @Test
    void mntrPrintsCountersAndSummariesInZooKeepersOrder() {
        Map<String, Object> out = new LinkedHashMap<>();
        new ServerMetrics(new OverloadCounters()).mntr(out);
        List<String> ours = out.keySet().stream().map(k -> "zk_" + k).toList();
        List<String> zk = new ArrayList<>(ZooKeeperReference.mntrKeys());
        // after version, state and the 24 gauges; ZooKeeper's workload made per-namespace keys this one has not
        List<String> zkRest = zk.subList(26, zk.size()).stream().filter(k -> !k.endsWith("_per_namespace")).toList();
        assertThat(ours).containsExactlyElementsOf(zkRest);
    }

    @Test
    void gaugesPrintInZooKeepersOrder() {
        List<String> zk = ZooKeeperReference.mntrKeys().subList(2, 26).stream().map(k -> k.substring(3)).toList();
        List<String> standalone = Monitor.GAUGE_ORDER.stream().filter(zk::contains).toList();
        assertThat(standalone).containsExactlyElementsOf(zk);
    }

    @Test
    void percentilesForAdvancedSummariesOnly() {
        Map<String, Object> out = new LinkedHashMap<>();
        ServerMetrics m = new ServerMetrics(new OverloadCounters());
        m.readLatency.add(3);
        m.mntr(out);
        assertThat(out).containsEntry("cnt_readlatency", 1L).containsEntry("p99_readlatency", 3L)
                .containsKey("p999_readlatency").doesNotContainKey("p50_fsynctime").containsKey("avg_fsynctime");
    }

    @Test
    void resetZeroesUnlessPrometheusReads() {
        OverloadCounters overload = new OverloadCounters();
        ServerMetrics m = new ServerMetrics(overload);
        overload.staleReplies.increment();
        m.updateLatency.add(5);
        m.reset();
        assertThat(m.counter("stale_replies").get()).isZero();
        assertThat(m.updateLatency.snapshot().count()).isZero();
        m.keepForPrometheus(MetricsSettings.from(java.util.Map.of("className", MetricsSettings.PROMETHEUS_CLASS)));
        m.updateLatency.add(5);
        m.reset();
        assertThat(m.updateLatency.snapshot().count()).isEqualTo(1);
    }
}

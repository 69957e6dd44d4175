package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * ZooKeeper 3.9.3's Prometheus provider (child JVM) and Paddock's /metrics scraped after the same
 * {@link OpsWorkload}: every family ZooKeeper exports is in Paddock's output with the same TYPE and the same label
 * names. Values are not compared, beyond what the workload must have moved.
 */
class PrometheusCompatTest extends OpsCompatBase {
    @Override
    protected ZooKeeperProcess.Options options() {
        return ZooKeeperProcess.Options.withMetrics(true);
    }

    /** Each ZooKeeper family missing in Paddock, or with another TYPE or other label names. */
    static List<String> familyDifferences(Map<String, PromText.Family> zk, Map<String, PromText.Family> paddock) {
        List<String> out = new ArrayList<>();
        for (PromText.Family z : zk.values()) {
            PromText.Family p = paddock.get(z.name());
            if (p == null) {
                out.add(z.name() + ": missing in Paddock (ZooKeeper " + z.type() + " " + z.labelNames() + ")");
            } else if (!p.type().equals(z.type())) {
                out.add(z.name() + ": TYPE ZooKeeper " + z.type() + ", Paddock " + p.type());
            } else if (!z.samples().isEmpty() && !p.labelNames().equals(z.labelNames())) {
                out.add(z.name() + ": labels ZooKeeper " + z.labelNames() + ", Paddock " + p.labelNames());
            }
        }
        return out;
    }

    @Test
    void everyZooKeeperFamilyIsInPaddockWithItsTypeAndLabels() {
        Map<String, PromText.Family> zk = PromText.parse(servers.zkMetrics().body());
        Map<String, PromText.Family> paddock = afterAGarbageCollection();
        assertThat(zk).as("ZooKeeper's families").hasSizeGreaterThan(150).containsKey("jvm_info");
        assertThat(familyDifferences(zk, paddock)).as("families of ZooKeeper 3.9.3 that Paddock lacks or shapes "
            + "otherwise").isEmpty();
    }

    /**
     * Paddock's families once a collection has run in this JVM: the JVM collectors report allocation per pool
     * (jvm_memory_pool_allocated_bytes_total{pool}) from garbage-collection notifications only, so without one the
     * family has no sample and no labels. ZooKeeper's child has collected by the time the workload is done.
     */
    private Map<String, PromText.Family> afterAGarbageCollection() {
        String family = "jvm_memory_pool_allocated_bytes_total";
        @SuppressWarnings("unchecked")
        Map<String, PromText.Family>[] last = new Map[1];
        System.gc();
        Awaitility.await("a GC notification to reach " + family).atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(100)).until(() -> {
                last[0] = PromText.parse(servers.paddockMetrics().body());
                return !last[0].containsKey(family) || !last[0].get(family).samples().isEmpty();
            });
        return last[0];
    }

    @Test
    void contentTypeIsPrometheusText() {
        assertThat(servers.paddockMetrics().contentType()).isEqualTo(servers.zkMetrics().contentType());
    }

    @Test
    void workloadMovedTheSameFigures() {
        Map<String, PromText.Family> zk = PromText.parse(servers.zkMetrics().body());
        Map<String, PromText.Family> paddock = PromText.parse(servers.paddockMetrics().body());
        // gauges the shared workload fixes (two sessions, one ephemeral, the same nodes and watches)
        for (String gauge : List.of("znode_count", "ephemerals_count", "num_alive_connections", "global_sessions",
            "watch_count")) {
            assertThat(sample(paddock, gauge, gauge)).as(gauge).isEqualTo(sample(zk, gauge, gauge));
        }
        // counters and summaries the workload must have moved on both
        for (String[] s : new String[][] {{"bytes_received_count", "bytes_received_count"},
            {"response_bytes", "response_bytes"}, {"connection_request_count", "connection_request_count"},
            {"readlatency", "readlatency_count"}, {"updatelatency", "updatelatency_count"},
            {"write_per_namespace", "write_per_namespace_count{key=\"ops\",}"},
            {"read_per_namespace", "read_per_namespace_count{key=\"ops\",}"}}) {
            assertThat(sample(zk, s[0], s[1])).as("ZooKeeper %s", s[1]).isPositive();
            assertThat(sample(paddock, s[0], s[1])).as("Paddock %s", s[1]).isPositive();
        }
    }

    private static double sample(Map<String, PromText.Family> families, String family, String sample) {
        PromText.Family f = families.get(family);
        assertThat(f).as("family %s", family).isNotNull();
        Double v = f.samples().get(sample);
        if (v == null) {
            // label order and the trailing comma are the exporter's; match on the label text alone
            String bare = sample.replace(",}", "}");
            v = f.samples().entrySet().stream().filter(e -> e.getKey().replace(",}", "}").equals(bare))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        assertThat(v).as("sample %s in %s", sample, f.samples().keySet()).isNotNull();
        return v;
    }

    /**
     * With the Prometheus provider on, ZooKeeper's monitor command lists what the provider holds: summaries as
     * {@code name{quantile="0.5"}} keys ("NaN" strings until observed) and the JVM collectors' samples. The JVM
     * samples carry the JVM's own label values (collector and pool names differ between the two JVMs), so they are
     * compared by family only.
     */
    @Test
    void monitorWithPrometheusHasZooKeepersKeys() {
        AdminHttp.Reply zk = servers.zkAdmin().get("/commands/monitor");
        afterAGarbageCollection();
        AdminHttp.Reply paddock = servers.paddockAdmin().get("/commands/monitor");
        assertThat(AdminJson.parse(zk.body()).has("om_commit_process_time_ms{quantile=\"0.5\"}")).isTrue();
        assertThat(AdminJson.compare(zk.body(), servers.zkSide(), paddock.body(), servers.paddockSide(),
            PrometheusCompatTest::jvmSamplesByFamily)).as("monitor with Prometheus on").isEmpty();
    }

    /**
     * JVM samples folded into their family names (as keys, so each missing family is its own difference), and a
     * quantile that one side has observed and the other not ("NaN") counted as the same decimal.
     */
    private static JsonNode jvmSamplesByFamily(JsonNode monitor) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode families = JsonNodeFactory.instance.objectNode();
        monitor.fields().forEachRemaining(e -> {
            String k = e.getKey();
            boolean collector = (k.startsWith("jvm_") && !k.startsWith("jvm_pause_time_ms")) || k.startsWith("process_");
            String family = k.contains("{") ? k.substring(0, k.indexOf('{')) : k;
            if (family.equals("jvm_memory_pool_allocated_bytes_total")) {
                return; // samples only after a GC in that JVM: whether ZooKeeper's child had one is chance
            }
            if (collector) {
                families.put(family, true);
            } else if (k.contains("quantile=") && "NaN".equals(e.getValue().asText())) {
                out.put(k, "<decimal>");
            } else {
                out.set(k, e.getValue());
            }
        });
        out.set("<jvm and process families>", families);
        return out;
    }
}

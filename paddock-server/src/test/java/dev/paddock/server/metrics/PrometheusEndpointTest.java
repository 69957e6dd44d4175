package dev.paddock.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.server.ConfigException;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server with the Prometheus provider: a workload through the client port, then /metrics scraped. */
class PrometheusEndpointTest {
    @TempDir
    Path dir;

    private PaddockServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private PaddockServer start(String... keyValues) throws IOException {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("clientPortAddress", "127.0.0.1");
        p.setProperty("dataDir", dir.resolve("data").toString());
        p.setProperty("tickTime", "200");
        p.setProperty("4lw.commands.whitelist", "*");
        p.setProperty("metricsProvider.className", MetricsSettings.PROMETHEUS_CLASS);
        p.setProperty("metricsProvider.httpHost", "127.0.0.1");
        p.setProperty("metricsProvider.httpPort", "0");
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        server = PaddockServer.start(ServerConfig.fromProperties(p));
        return server;
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.metricsAddress().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void workload(int n) throws Exception {
        Workload.run(server.clientPort(), n);
    }

    @Test
    void scrapeHasZooKeepersNamesTypesAndLabelsAndCountsTheWorkload() throws Exception {
        start();
        workload(10);
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        String text = r.body();

        Map<String, String> zk = ZooKeeperReference.types(ZooKeeperReference.resource("zookeeper-3.9.3-metrics.txt"));
        Map<String, String> ours = ZooKeeperReference.types(text);
        zk.forEach((name, type) -> assertThat(ours).as(name).containsEntry(name, type));

        Map<String, Double> samples = ZooKeeperReference.samples(text);
        assertThat(samples.get("readlatency_count")).isGreaterThanOrEqualTo(20.0); // getData + exists
        assertThat(samples.get("updatelatency_count")).isGreaterThanOrEqualTo(21.0); // creates + setData
        assertThat(samples).containsKeys("readlatency{quantile=\"0.5\",}", "readlatency{quantile=\"0.9\",}",
                "readlatency{quantile=\"0.99\",}", "fsynctime{quantile=\"0.5\",}", "readlatency_sum");
        assertThat(samples).doesNotContainKey("fsynctime{quantile=\"0.9\",}"); // basic: the median only
        assertThat(samples.get("bytes_received_count")).isGreaterThan(500.0);
        assertThat(samples.get("response_bytes")).isGreaterThan(500.0);
        assertThat(samples.get("watch_bytes")).isGreaterThan(0.0);
        assertThat(samples.get("znode_count")).isGreaterThanOrEqualTo(12.0);
        assertThat(samples.get("connection_request_count")).isEqualTo(1.0);
        assertThat(samples.get("quorum_ack_latency{quantile=\"0.5\",}")).isNaN(); // never observed
        assertThat(samples.get("fsynctime_count")).isGreaterThanOrEqualTo(1.0);
        assertThat(samples.get("propagation_latency_count")).isGreaterThanOrEqualTo(21.0); // every txn applied
        assertThat(samples.get("sync_processor_batch_size_sum")).isGreaterThanOrEqualTo(21.0); // every txn synced
        assertThat(samples.get("dbinittime_count")).isEqualTo(1.0);
        assertThat(samples.get("startup_snap_load_time_count")).isEqualTo(1.0);
        assertThat(samples.get("startup_txns_loaded_count")).isZero(); // a fresh data directory: nothing replayed
        assertThat(samples.get("request_throttle_queue_time_ms_count")).isGreaterThanOrEqualTo(41.0);
        assertThat(samples.get("snapshottime_count")).isEqualTo(1.0); // the empty data directory's first snapshot
        assertThat(samples.get("write_per_namespace_count{key=\"app\",}")).isGreaterThanOrEqualTo(21.0);
        assertThat(samples.get("read_per_namespace_count{key=\"app\",}")).isGreaterThanOrEqualTo(20.0);
        assertThat(samples).containsKey("write_per_namespace{key=\"app\",quantile=\"0.5\",}");
        assertThat(samples.get("node_changed_watch_count_count")).isEqualTo(10.0); // each setData fired one watch
        assertThat(samples.get("node_changed_watch_count_sum")).isEqualTo(10.0);
        assertThat(text).contains("# TYPE bytes_received_count counter\nbytes_received_count ");
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_memory_bytes_used{area=\"heap\""));
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_info{"));
    }

    @Test
    void otherPathsAre404AndNamesSelectSamples() throws Exception {
        start();
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metricsx").statusCode()).isEqualTo(404);
        String only = get("/metrics?name[]=uptime&name[]=readlatency_count").body();
        assertThat(ZooKeeperReference.samples(only).keySet()).containsExactlyInAnyOrder("uptime", "readlatency_count");
    }

    @Test
    void exportJvmInfoFalseDropsTheJvmMetrics() throws Exception {
        start("metricsProvider.exportJvmInfo", "false");
        String text = get("/metrics").body();
        assertThat(text).contains("# TYPE readlatency summary");
        assertThat(text.lines().filter(l -> !l.startsWith("#")).map(l -> l.split("[{ ]")[0]))
                .noneMatch(ZooKeeperReference::jvm);
    }

    @Test
    void mntrPrintsEveryMetricAndMovesWithTheWorkload() throws Exception {
        start("metricsProvider.className", MetricsSettings.DEFAULT_CLASS);
        assertThat(server.metricsAddress()).isNull();
        workload(3);
        String mntr = fourLetterWord(server.clientPort(), "mntr");
        assertThat(mntr).contains("zk_cnt_updatelatency\t", "zk_p999_readlatency\t", "zk_avg_fsynctime\t",
                "zk_p50_quorum_ack_latency\t", "zk_max_jvm_pause_time_ms\t", "zk_bytes_received_count\t");
        assertThat(mntr).doesNotContain("zk_cnt_readlatency\t0\n").doesNotContain("zk_bytes_received_count\t0\n");
        assertThat(mntr.lines().count()).isGreaterThan(450);
    }

    @Test
    void withPrometheusOnMntrPrintsThePrometheusSamplesAsZooKeeperDoes() throws Exception {
        start();
        workload(2);
        String mntr = fourLetterWord(server.clientPort(), "mntr");
        assertThat(mntr).startsWith("zk_version\t").contains("\nzk_server_state\tstandalone\n",
                "\nzk_readlatency{quantile=\"0.99\"}\t", "\nzk_readlatency_count\t",
                "\nzk_quorum_ack_latency{quantile=\"0.5\"}\tNaN\n", "\nzk_write_per_namespace_count{key=\"app\"}\t",
                "\nzk_jvm_info{version=\"");
        assertThat(mntr).containsPattern("\nzk_znode_count\t\\d+\\.0\n").doesNotContain("zk_avg_readlatency");
        // srst does not reset what the scraper reads (ZooKeeper's Prometheus provider ignores resets)
        assertThat(fourLetterWord(server.clientPort(), "srst")).isEqualTo("Server stats reset.\n");
        assertThat(ZooKeeperReference.samples(get("/metrics").body()).get("updatelatency_count")).isGreaterThan(0.0);
    }

    @Test
    void reconnectsAndExpiredSessionsAreCounted() throws Exception {
        start();
        dev.paddock.jute.proto.ConnectResponse session = handshake(0, new byte[16]); // its client then vanishes
        handshake(session.sessionId(), session.passwd()); // a reconnect with its id and password, dropped too
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Double> samples = ZooKeeperReference.samples(get("/metrics").body());
            assertThat(samples.get("connection_revalidate_count")).isEqualTo(1.0);
            assertThat(samples.get("stale_sessions_expired")).isEqualTo(1.0);
        });
    }

    /** Sends a connect request (400 ms timeout) on a raw socket, reads the answer, then drops the socket. */
    private dev.paddock.jute.proto.ConnectResponse handshake(long sessionId, byte[] password) throws IOException {
        dev.paddock.jute.JuteOutput out = new dev.paddock.jute.JuteOutput(64);
        out.writeInt(0);
        new dev.paddock.jute.proto.ConnectRequest(0, 0, 400, sessionId, password).write(out);
        out.setInt(0, out.size() - 4);
        try (Socket s = new Socket("127.0.0.1", server.clientPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(out.toByteArray());
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            return dev.paddock.jute.proto.ConnectResponse.read(new dev.paddock.jute.JuteInput(frame));
        }
    }

    @Test
    void aBadMetricsProviderKeyStopsTheStartWithTheKeyNamed() {
        assertThatThrownBy(() -> start("metricsProvider.httpPort", "seventy"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metricsProvider.httpPort=seventy");
        assertThatThrownBy(() -> start("metricsProvider.exportJVMInfo", "false"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metricsProvider.exportJVMInfo");
    }

    private static String fourLetterWord(int port, String word) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

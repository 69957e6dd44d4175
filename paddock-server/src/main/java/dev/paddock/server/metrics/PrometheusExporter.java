package dev.paddock.server.metrics;

import dev.paddock.server.ServerView;
import dev.paddock.server.http.HttpCall;
import dev.paddock.server.http.HttpReply;
import dev.paddock.server.http.HttpRoute;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.DefaultExports;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /metrics} in Prometheus' text format 0.0.4, as ZooKeeper 3.9.3's PrometheusMetricsProvider serves
 * it: ZooKeeper's metrics under its names ({@link PrometheusFamilies}) and, with {@code exportJvmInfo}, the JVM's
 * (simpleclient_hotspot's collectors, the ones ZooKeeper registers). {@code name[]} query parameters select
 * metrics, as the client's servlet does. Other paths get 404 from the endpoint.
 */
public final class PrometheusExporter {
    /** One JVM, one set of JVM collectors (they add GC listeners): shared by every server in the process. */
    private static CollectorRegistry jvmRegistry;

    private PrometheusExporter() {
    }

    private static synchronized CollectorRegistry jvm() {
        if (jvmRegistry == null) {
            CollectorRegistry r = new CollectorRegistry(true);
            DefaultExports.register(r);
            jvmRegistry = r;
        }
        return jvmRegistry;
    }

    public static HttpRoute route(ServerView view, MetricsSettings settings) {
        view.stats().metrics().keepForPrometheus(settings);
        CollectorRegistry jvm = settings.exportJvmInfo() ? jvm() : null;
        return new HttpRoute() {
            @Override
            public boolean matches(String path) {
                return path.equals("/metrics");
            }

            @Override
            public CompletableFuture<HttpReply> handle(HttpCall call) {
                if (!call.method().equals("GET") && !call.method().equals("HEAD") && !call.method().equals("POST")) {
                    return CompletableFuture.completedFuture(HttpReply.text(405, call.method()
                            + " is not allowed on /metrics: use GET\n").withHeader("Allow", "GET, HEAD, POST"));
                }
                return gauges(view).thenApply(g -> reply(scrape(view.stats().metrics(), g, jvm, names(call))));
            }
        };
    }

    /** The gauges, read on the core thread; null when the server does not serve (or its core does not answer). */
    private static CompletableFuture<Map<String, Object>> gauges(ServerView view) {
        if (!view.core().isRunning() || !view.serving()) {
            return CompletableFuture.completedFuture(null);
        }
        return view.core().query(q -> q.quorumFigures() != null && !q.quorumFigures().serving() ? null
                        : Monitor.gauges(view, q))
                .orTimeout(10, TimeUnit.SECONDS)
                .exceptionally(t -> null);
    }

    private static Set<String> names(HttpCall call) {
        List<String> wanted = call.query().get("name[]");
        return wanted == null || wanted.isEmpty() ? null : new HashSet<>(wanted);
    }

    /**
     * Every sample as ZooKeeper's Prometheus provider hands them to mntr and the admin monitor command:
     * {@code name{label="value",...}} → the value (a Double, NaN included), ZooKeeper's families then the JVM's.
     */
    static void dump(ServerMetrics metrics, Map<String, Object> gauges, boolean jvm, Map<String, Object> out) {
        List<MetricFamilySamples> families = new ArrayList<>(PrometheusFamilies.of(metrics, gauges));
        if (jvm) {
            families.addAll(Collections.list(jvm().metricFamilySamples()));
        }
        StringBuilder key = new StringBuilder();
        for (MetricFamilySamples f : families) {
            for (MetricFamilySamples.Sample s : f.samples) {
                key.setLength(0);
                key.append(s.name);
                if (!s.labelNames.isEmpty()) {
                    key.append('{');
                    for (int i = 0; i < s.labelNames.size(); i++) {
                        key.append(i > 0 ? "," : "").append(s.labelNames.get(i)).append("=\"")
                                .append(s.labelValues.get(i)).append('"');
                    }
                    key.append('}');
                }
                out.put(key.toString(), s.value);
            }
        }
    }

    /** The exposition text: ZooKeeper's families, then the JVM's; only samples named in {@code names} if given. */
    static String scrape(ServerMetrics metrics, Map<String, Object> gauges, CollectorRegistry jvm, Set<String> names) {
        List<MetricFamilySamples> families = new ArrayList<>();
        for (MetricFamilySamples f : PrometheusFamilies.of(metrics, gauges)) {
            if (names == null) {
                families.add(f);
            } else {
                List<MetricFamilySamples.Sample> kept = f.samples.stream().filter(s -> names.contains(s.name)).toList();
                if (!kept.isEmpty()) {
                    families.add(new MetricFamilySamples(f.name, f.type, f.help, kept));
                }
            }
        }
        if (jvm != null) {
            families.addAll(Collections.list(names == null ? jvm.metricFamilySamples()
                    : jvm.filteredMetricFamilySamples(names)));
        }
        StringWriter out = new StringWriter(64 * 1024);
        try {
            TextFormat.write004(out, Collections.enumeration(families));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static HttpReply reply(String text) {
        return HttpReply.of(200, TextFormat.CONTENT_TYPE_004, text.getBytes(StandardCharsets.UTF_8));
    }
}

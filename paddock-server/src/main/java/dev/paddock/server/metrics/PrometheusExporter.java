package dev.paddock.server.metrics;

import dev.paddock.server.ServerView;
import dev.paddock.server.http.HttpReply;
import dev.paddock.server.http.HttpRoute;
import java.util.concurrent.CompletableFuture;

/** {@code /metrics} in Prometheus' text format with ZooKeeper's names. (Being built: answers 404 for now.) */
public final class PrometheusExporter {
    /** The metricsProvider.className that turns the endpoint on (only a switch: nothing of ZooKeeper's is loaded). */
    public static final String ZOOKEEPER_CLASS = "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider";

    private PrometheusExporter() {
    }

    public static HttpRoute route(ServerView view) {
        return new HttpRoute() {
            @Override
            public boolean matches(String path) {
                return path.equals("/metrics");
            }

            @Override
            public CompletableFuture<HttpReply> handle(dev.paddock.server.http.HttpCall call) {
                return CompletableFuture.completedFuture(HttpReply.text(404, "not yet\n"));
            }
        };
    }
}

package dev.paddock.server.metrics;

import dev.paddock.security.tls.ClientAuth;
import dev.paddock.security.tls.TlsConfigException;
import dev.paddock.security.tls.TlsSettings;
import dev.paddock.server.ConfigException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code metricsProvider.*} keys, as ZooKeeper 3.9.3's PrometheusMetricsProvider reads them. The class name is
 * only a switch: nothing of ZooKeeper's is loaded. The worker settings size ZooKeeper's summary-reporting pool,
 * which Paddock does not need (its summaries are updated in place); they are checked and kept for {@code conf}.
 *
 * <p>HTTPS follows the keys of ZooKeeper's next provider (3.10): {@code httpsPort} with {@code ssl.keyStore.*},
 * {@code ssl.trustStore.*}, {@code ssl.need.client.auth} (default true), {@code ssl.want.client.auth} (default
 * true), {@code ssl.enabledProtocols}, {@code ssl.ciphersuites}. With httpsPort set and httpPort not, /metrics is
 * HTTPS only; the same port for both serves HTTP and HTTPS on it.
 *
 * @param prometheus whether {@code className} names ZooKeeper's Prometheus provider (otherwise the default one)
 * @param httpPort   -1 when HTTP is off (httpsPort alone)
 * @param httpsPort  -1 when HTTPS is off
 * @param tls        the HTTPS stores and client-certificate rule; null without httpsPort
 */
public record MetricsSettings(boolean prometheus, String httpHost, int httpPort, boolean exportJvmInfo,
        int numWorkerThreads, int maxQueueSize, long workerShutdownTimeoutMs, int httpsPort, TlsSettings tls) {

    /** The metricsProvider.className that turns the endpoint on. */
    public static final String PROMETHEUS_CLASS = "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider";
    /** ZooKeeper's default provider: metrics for mntr only. */
    public static final String DEFAULT_CLASS = "org.apache.zookeeper.metrics.impl.DefaultMetricsProvider";
    /** ZooKeeper's provider that keeps nothing: accepted, and Paddock keeps its metrics for mntr as by default. */
    public static final String NULL_CLASS = "org.apache.zookeeper.metrics.impl.NullMetricsProvider";

    private static final Set<String> KEYS = Set.of("className", "httpHost", "httpPort", "exportJvmInfo",
            "numWorkerThreads", "maxQueueSize", "workerShutdownTimeoutMs", "httpsPort");

    /** Reads the keys (without the "metricsProvider." prefix); a bad one is a ConfigException naming it. */
    public static MetricsSettings from(Map<String, String> keys) {
        String className = keys.getOrDefault("className", DEFAULT_CLASS).trim();
        boolean prometheus = className.equals(PROMETHEUS_CLASS);
        if (!prometheus && !className.equals(DEFAULT_CLASS) && !className.equals(NULL_CLASS)) {
            throw new ConfigException("metricsProvider.className=" + className + " is not a metrics provider Paddock"
                    + " has: use " + PROMETHEUS_CLASS + " (Prometheus on metricsProvider.httpPort) or " + DEFAULT_CLASS);
        }
        for (String key : keys.keySet()) {
            if (!KEYS.contains(key) && !key.startsWith("ssl.")) {
                throw new ConfigException("metricsProvider." + key + " is not a metricsProvider key; known keys: "
                        + "metricsProvider." + String.join(", metricsProvider.", new java.util.TreeSet<>(KEYS)));
            }
        }
        String host = keys.getOrDefault("httpHost", "0.0.0.0").trim();
        if (host.isEmpty()) {
            throw new ConfigException("metricsProvider.httpHost is empty: give a host name or address (default 0.0.0.0)");
        }
        int httpsPort = (int) number(keys, "httpsPort", -1, -1, 65535);
        // ZooKeeper 3.9's default port stays unless HTTPS alone is asked for
        int port = (int) number(keys, "httpPort", httpsPort != -1 ? -1 : 7000, -1, 65535);
        TlsSettings tls = httpsPort == -1 ? null : tls(keys);
        boolean jvm = bool(keys, "exportJvmInfo", true);
        int workers = (int) number(keys, "numWorkerThreads", 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        int queue = (int) number(keys, "maxQueueSize", 1_000_000, 1, Integer.MAX_VALUE);
        long shutdown = number(keys, "workerShutdownTimeoutMs", 1000, 0, Long.MAX_VALUE);
        return new MetricsSettings(prometheus, host, port, jvm, workers, queue, shutdown, httpsPort, tls);
    }

    private static TlsSettings tls(Map<String, String> keys) {
        ClientAuth auth = bool(keys, "ssl.need.client.auth", true) ? ClientAuth.NEED
                : bool(keys, "ssl.want.client.auth", true) ? ClientAuth.WANT : ClientAuth.NONE;
        try {
            return TlsSettings.read("ssl.", keys).withClientAuth(auth);
        } catch (TlsConfigException e) {
            throw new ConfigException("metricsProvider." + e.getMessage());
        }
    }

    private static long number(Map<String, String> keys, String key, long dflt, long min, long max) {
        String v = keys.get(key);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("metricsProvider." + key + "=" + v + " is not a whole number");
        }
        if (n < min || n > max) {
            throw new ConfigException("metricsProvider." + key + "=" + v + " is out of range [" + min + ", " + max + "]");
        }
        return n;
    }

    private static boolean bool(Map<String, String> keys, String key, boolean dflt) {
        String v = keys.get(key);
        if (v == null) {
            return dflt;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw new ConfigException("metricsProvider." + key + "=" + v + " is neither true nor false");
        }
        return t.equals("true");
    }
}

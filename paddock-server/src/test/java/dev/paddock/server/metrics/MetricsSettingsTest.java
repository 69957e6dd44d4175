package dev.paddock.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.server.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsSettingsTest {
    private static final String PROMETHEUS = MetricsSettings.PROMETHEUS_CLASS;

    @Test
    void zooKeepersDefaults() {
        MetricsSettings s = MetricsSettings.from(Map.of("className", PROMETHEUS));
        assertThat(s).isEqualTo(new MetricsSettings(true, "0.0.0.0", 7000, true, 1, 1_000_000, 1000, -1, null));
        assertThat(MetricsSettings.from(Map.of()).prometheus()).isFalse();
        assertThat(MetricsSettings.from(Map.of("className", MetricsSettings.NULL_CLASS)).prometheus()).isFalse();
    }

    @Test
    void everyKeyIsRead() {
        MetricsSettings s = MetricsSettings.from(Map.of("className", PROMETHEUS, "httpHost", "127.0.0.1",
                "httpPort", " 0 ", "exportJvmInfo", "FALSE", "numWorkerThreads", "0", "maxQueueSize", "10",
                "workerShutdownTimeoutMs", "5", "ssl.keyStore.location", "/x", "httpsPort", "7443",
                "ssl.need.client.auth", "false"));
        assertThat(s.tls()).isNotNull();
        assertThat(s.tls().keyStoreLocation()).isEqualTo("/x");
        assertThat(s.tls().clientAuth()).isEqualTo(dev.paddock.security.tls.ClientAuth.WANT);
        assertThat(s).isEqualTo(new MetricsSettings(true, "127.0.0.1", 0, false, 0, 10, 5, 7443, s.tls()));
        // HTTPS alone turns the HTTP default (7000) off, as ZooKeeper's HTTPS-capable provider
        MetricsSettings httpsOnly = MetricsSettings.from(Map.of("className", PROMETHEUS, "httpsPort", "7443"));
        assertThat(httpsOnly.httpPort()).isEqualTo(-1);
        assertThat(httpsOnly.tls().clientAuth()).isEqualTo(dev.paddock.security.tls.ClientAuth.NEED);
    }

    @Test
    void badValuesAndKeysNameTheKey() {
        assertThatThrownBy(() -> MetricsSettings.from(Map.of("className", PROMETHEUS, "httpPort", "seven")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metricsProvider.httpPort=seven");
        assertThatThrownBy(() -> MetricsSettings.from(Map.of("className", PROMETHEUS, "httpPort", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> MetricsSettings.from(Map.of("className", PROMETHEUS, "exportJvmInfo", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metricsProvider.exportJvmInfo=yes");
        assertThatThrownBy(() -> MetricsSettings.from(Map.of("className", PROMETHEUS, "httpPrt", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metricsProvider.httpPrt is not");
        assertThatThrownBy(() -> MetricsSettings.from(Map.of("className", "com.example.Metrics")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("com.example.Metrics");
    }
}

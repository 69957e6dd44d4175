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
        assertThat(s).isEqualTo(new MetricsSettings(true, "0.0.0.0", 7000, true, 1, 1_000_000, 1000));
        assertThat(MetricsSettings.from(Map.of()).prometheus()).isFalse();
        assertThat(MetricsSettings.from(Map.of("className", MetricsSettings.NULL_CLASS)).prometheus()).isFalse();
    }

    @Test
    void everyKeyIsRead() {
        MetricsSettings s = MetricsSettings.from(Map.of("className", PROMETHEUS, "httpHost", "127.0.0.1",
                "httpPort", " 0 ", "exportJvmInfo", "FALSE", "numWorkerThreads", "0", "maxQueueSize", "10",
                "workerShutdownTimeoutMs", "5", "ssl.keyStore.location", "/x", "httpsPort", "7443"));
        assertThat(s).isEqualTo(new MetricsSettings(true, "127.0.0.1", 0, false, 0, 10, 5));
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

package dev.paddock.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.server.AdminSettings;
import dev.paddock.server.ConfigException;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.TestConfigs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin.* keys ZooKeeper 3.9 reads, with its defaults. */
class AdminSettingsTest {
    @TempDir
    Path dir;

    private AdminSettings admin(String... keyValues) {
        return ServerConfig.fromProperties(TestConfigs.standalone(dir, keyValues)).admin();
    }

    @Test
    void defaultsAreZooKeepers() {
        AdminSettings a = admin();
        assertThat(a.serverPort()).isEqualTo(8080);
        assertThat(a.serverAddress()).isEqualTo("0.0.0.0");
        assertThat(a.commandUrl()).isEqualTo("/commands");
        assertThat(a.idleTimeoutMs()).isEqualTo(30_000);
        assertThat(a.snapshotEnabled()).isTrue();
        assertThat(a.restoreEnabled()).isTrue();
        assertThat(a.rateLimiterIntervalMs()).isEqualTo(300_000);
        assertThat(a.tls()).isEqualTo(AdminSettings.Tls.NONE);
        assertThat(a.tls().wanted()).isFalse();
    }

    @Test
    void snapshotRestoreRateLimitAndTlsKeysAreRead() {
        AdminSettings a = admin("admin.snapshot.enabled", "false", "admin.restore.enabled", "false",
                "admin.rateLimiterIntervalInMS", "5", "admin.portUnification", "true", "admin.needClientAuth", "true",
                "admin.forceHttps", "false", "admin.httpVersion", "11", "admin.commandURL", "ops/", "admin.bogus", "1");
        assertThat(a.snapshotEnabled()).isFalse();
        assertThat(a.restoreEnabled()).isFalse();
        assertThat(a.rateLimiterIntervalMs()).isEqualTo(5);
        assertThat(a.tls().portUnification()).isTrue();
        assertThat(a.tls().needClientAuth()).isTrue();
        assertThat(a.tls().wanted()).isTrue();
        assertThat(a.commandUrl()).isEqualTo("/ops");
        assertThat(a.other()).containsOnlyKeys("bogus");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> admin("admin.snapshot.enabled", "maybe")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.snapshot.enabled=maybe");
        assertThatThrownBy(() -> admin("admin.rateLimiterIntervalInMS", "-1")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.rateLimiterIntervalInMS");
    }
}

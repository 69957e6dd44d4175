package dev.paddock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.server.OverloadSettings.ConnectionThrottleSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overload limits' keys: ZooKeeper's names, defaults, system properties, and what a bad value does. */
class OverloadSettingsTest {
    private static final List<String> PROPERTIES = List.of("zookeeper.globalOutstandingLimit",
            "zookeeper.request_throttle_max_requests", "zookeeper.largeRequestMaxBytes",
            "zookeeper.connection_throttle_tokens", "zookeeper.maxCnxns",
            "paddock.connection.maxQueuedRequests", "zookeeper.paddock.connection.maxQueuedReplyBytes",
            "paddock.connection.maxQueuedReplyBytes");

    @TempDir
    Path tmp;

    @AfterEach
    void clearSystemProperties() {
        PROPERTIES.forEach(System::clearProperty);
    }

    private ServerConfig config(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", tmp.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return ServerConfig.fromProperties(p);
    }

    private ServerConfig file(String... lines) throws IOException {
        Path f = tmp.resolve("zoo.cfg");
        Files.writeString(f, "dataDir=" + tmp + "\nclientPort=0\n" + String.join("\n", lines) + "\n");
        return ServerConfig.load(f);
    }

    @Test
    void defaultsAreZooKeepers() {
        OverloadSettings o = config().overload();
        assertThat(o).isEqualTo(OverloadSettings.defaults());
        assertThat(o.globalOutstandingLimit()).isEqualTo(1000);
        assertThat(o.requestThrottleMaxRequests()).isZero();
        assertThat(o.requestThrottleStallTimeMs()).isEqualTo(100);
        assertThat(o.requestThrottleDropStale()).isTrue();
        assertThat(o.connectionThrottle()).isEqualTo(new ConnectionThrottleSettings(0, 1, 1, -1, 0.02, 0.002, 0));
        assertThat(o.connectionThrottle().enabled()).isFalse();
        assertThat(o.maxCnxns()).isZero();
        assertThat(o.clientPortListenBacklog()).isEqualTo(-1);
        assertThat(o.effectiveListenBacklog()).isEqualTo(-1);
        assertThat(o.largeRequestMaxBytes()).isEqualTo(100 * 1024 * 1024);
        assertThat(o.largeRequestThreshold()).isEqualTo(-1);
        assertThat(o.connectionMaxQueuedRequests()).isEqualTo(1000);
        assertThat(o.connectionMaxQueuedReplyBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void everyKeyIsReadAndNoneIsLeftOver() throws IOException {
        ServerConfig c = file("globalOutstandingLimit=50", "request_throttle_max_requests=20",
                "request_throttle_stall_time=7", "request_throttle_drop_stale=false",
                "connection_throttle_tokens=100", "connection_throttle_fill_time=10",
                "connection_throttle_fill_count=5", "connection_throttle_freeze_time=200",
                "connection_throttle_drop_increase=0.1", "connection_throttle_drop_decrease=0.05",
                "connection_throttle_decrease_ratio=0.25", "maxCnxns=300", "clientPortListenBacklog=128",
                "largeRequestMaxBytes=4096", "largeRequestThreshold=1024",
                "paddock.connection.maxQueuedRequests=64", "paddock.connection.maxQueuedReplyBytes=65536",
                "paddock.core.maxInProcess=32");
        OverloadSettings o = c.overload();
        assertThat(o).isEqualTo(new OverloadSettings(50, 20, 7, false,
                new ConnectionThrottleSettings(100, 10, 5, 200, 0.1, 0.05, 0.25), 300, 128, 4096, 1024, 64, 65536, 32));
        assertThat(o.connectionThrottle().enabled()).isTrue();
        assertThat(o.connectionThrottle().randomDropEnabled()).isTrue();
        assertThat(o.effectiveListenBacklog()).isEqualTo(128);
        assertThat(c.unknownKeys()).isEmpty();
        assertThat(c.acceptedForLater()).isEmpty();
    }

    @Test
    void systemPropertiesApplyUnderTheFile() throws IOException {
        // what ZooKeeper reads: -Dzookeeper.globalOutstandingLimit, -Dzookeeper.request_throttle_max_requests, ...
        System.setProperty("zookeeper.globalOutstandingLimit", "77");
        System.setProperty("zookeeper.request_throttle_max_requests", "33");
        System.setProperty("zookeeper.largeRequestMaxBytes", "999");
        System.setProperty("zookeeper.connection_throttle_tokens", "9");
        System.setProperty("zookeeper.maxCnxns", "12");
        System.setProperty("paddock.connection.maxQueuedRequests", "8");
        System.setProperty("paddock.connection.maxQueuedReplyBytes", "4000");
        OverloadSettings o = file("maxCnxns=13").overload();
        assertThat(o.globalOutstandingLimit()).isEqualTo(77);
        assertThat(o.requestThrottleMaxRequests()).isEqualTo(33);
        assertThat(o.largeRequestMaxBytes()).isEqualTo(999);
        assertThat(o.connectionThrottle().tokens()).isEqualTo(9);
        assertThat(o.maxCnxns()).as("the file wins").isEqualTo(13);
        assertThat(o.connectionMaxQueuedRequests()).isEqualTo(8);
        assertThat(o.connectionMaxQueuedReplyBytes()).isEqualTo(4000);

        System.setProperty("zookeeper.paddock.connection.maxQueuedReplyBytes", "5000");
        assertThat(file().overload().connectionMaxQueuedReplyBytes()).as("zookeeper.<key> before the bare name")
                .isEqualTo(5000);
    }

    @Test
    void aValueThatIsNotANumberNamesTheKeyAndLine() throws IOException {
        assertThatThrownBy(() -> file("tickTime=2000", "globalOutstandingLimit=lots"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("globalOutstandingLimit=lots (line 4 of ")
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> file("connection_throttle_drop_increase=half"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("connection_throttle_drop_increase=half (line 3 of ");
        assertThatThrownBy(() -> file("clientPortListenBacklog=big"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("clientPortListenBacklog=big");
        assertThatThrownBy(() -> file("maxCnxns=1e3"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maxCnxns=1e3");
        assertThatThrownBy(() -> file("largeRequestThreshold=x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("largeRequestThreshold=x");
        assertThatThrownBy(() -> file("request_throttle_drop_stale=maybe"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be true or false");
        System.setProperty("zookeeper.request_throttle_max_requests", "ten");
        assertThatThrownBy(() -> file())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("(system property zookeeper.request_throttle_max_requests)");
    }

    @Test
    void valuesThatCannotWorkAreRefused() {
        for (String[] kv : new String[][] {{"globalOutstandingLimit", "-1"}, {"request_throttle_max_requests", "-1"},
                {"request_throttle_stall_time", "-5"}, {"connection_throttle_tokens", "-1"},
                {"connection_throttle_fill_time", "0"}, {"connection_throttle_fill_count", "-1"},
                {"connection_throttle_freeze_time", "-2"}, {"connection_throttle_drop_increase", "1.5"},
                {"connection_throttle_drop_decrease", "-0.1"}, {"connection_throttle_decrease_ratio", "NaN"},
                {"paddock.connection.maxQueuedRequests", "0"}, {"paddock.connection.maxQueuedReplyBytes", "0"}}) {
            assertThatThrownBy(() -> config(kv[0], kv[1])).as(kv[0] + "=" + kv[1])
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(kv[0] + "=" + kv[1] + " (properties)");
        }
    }

    @Test
    void zooKeepersWarnAndFallBackCasesFallBack() {
        assertThat(config("maxCnxns", "-3").overload().maxCnxns()).as("unlimited").isZero();
        assertThat(config("largeRequestMaxBytes", "0").overload().largeRequestMaxBytes())
                .isEqualTo(OverloadSettings.DEFAULT_LARGE_REQUEST_MAX_BYTES);
        assertThat(config("largeRequestMaxBytes", "-10").overload().largeRequestMaxBytes())
                .isEqualTo(OverloadSettings.DEFAULT_LARGE_REQUEST_MAX_BYTES);
        assertThat(config("largeRequestThreshold", "0").overload().largeRequestThreshold()).isEqualTo(-1);
        assertThat(config("largeRequestThreshold", "-7").overload().largeRequestThreshold()).isEqualTo(-1);
        assertThat(config("largeRequestThreshold", "1").overload().largeRequestThreshold()).isEqualTo(1);
        OverloadSettings zeroBacklog = config("clientPortListenBacklog", "0").overload();
        assertThat(zeroBacklog.clientPortListenBacklog()).as("conf prints what was configured").isZero();
        assertThat(zeroBacklog.effectiveListenBacklog()).as("the default backlog is used").isEqualTo(-1);
    }

    @Test
    void zeroesThatZooKeeperAcceptsAreAccepted() {
        OverloadSettings o = config("globalOutstandingLimit", "0", "request_throttle_stall_time", "0",
                "connection_throttle_fill_count", "0", "connection_throttle_drop_increase", "1").overload();
        assertThat(o.globalOutstandingLimit()).isZero();
        assertThat(o.requestThrottleStallTimeMs()).isZero();
        assertThat(o.connectionThrottle().fillCount()).isZero();
        assertThat(o.connectionThrottle().dropIncrease()).isEqualTo(1.0);
    }

    @Test
    void ensembleMembersShareTheGlobalOutstandingLimitAsZooKeepersDo() {
        OverloadSettings d = OverloadSettings.defaults();
        assertThat(d.forMember(5, false).globalOutstandingLimit()).isEqualTo(250);
        assertThat(d.forMember(3, false).globalOutstandingLimit()).isEqualTo(500);
        assertThat(d.forMember(2, false).globalOutstandingLimit()).isEqualTo(1000);
        assertThat(d.forMember(5, true).globalOutstandingLimit()).isEqualTo(1000);
        assertThat(d.forMember(5, false).maxCnxns()).isEqualTo(d.maxCnxns());
    }
}

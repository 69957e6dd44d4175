package dev.paddock.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.server.OverloadSettings;
import dev.paddock.server.OverloadSettings.ConnectionThrottleSettings;
import dev.paddock.server.limits.ConnectionThrottle;
import java.net.InetSocketAddress;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Admission: maxCnxns in total, maxClientCnxns per IP, the connection throttle, and what each counts. */
class ConnectionRegistryTest {
    private final OverloadCounters counters = new OverloadCounters();

    private static InetSocketAddress addr(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    @Test
    void maxCnxnsRefusesTheConnectionBeyondItAcrossAllIpsAndCountsIt() {
        ConnectionRegistry r = new ConnectionRegistry(60, 3, ConnectionThrottle.off(), counters);
        assertThat(r.maxTotal()).isEqualTo(3);
        assertThat(r.acquire(addr("127.0.0.1", 1))).isTrue();
        assertThat(r.acquire(addr("127.0.0.2", 1))).isTrue();
        assertThat(r.acquire(addr("127.0.0.3", 1))).isTrue();
        assertThat(r.acquire(addr("127.0.0.4", 1))).isFalse();
        assertThat(counters.connectionRejected.sum()).isEqualTo(1);
        assertThat(r.slotsTaken()).isEqualTo(3);
        assertThat(r.countFor(addr("127.0.0.4", 1).getAddress())).isZero();

        r.release(addr("127.0.0.2", 1));
        assertThat(r.acquire(addr("127.0.0.4", 1))).as("a slot was given back").isTrue();
        assertThat(r.acquire(addr("127.0.0.5", 1))).isFalse();
        assertThat(counters.connectionRejected.sum()).isEqualTo(2);
        assertThat(counters.connectionRequests.sum()).as("not a connect request").isZero();
    }

    @Test
    void aPerIpRefusalGivesItsTotalSlotBackAndIsCountedToo() {
        ConnectionRegistry r = new ConnectionRegistry(1, 2, ConnectionThrottle.off(), counters);
        assertThat(r.acquire(addr("127.0.0.1", 1))).isTrue();
        assertThat(r.acquire(addr("127.0.0.1", 2))).isFalse();
        assertThat(r.slotsTaken()).isEqualTo(1);
        assertThat(r.acquire(addr("127.0.0.2", 1))).as("the refused one did not keep a total slot").isTrue();
        assertThat(counters.connectionRejected.sum()).isEqualTo(1);
    }

    @Test
    void zeroMeansUnlimitedAndConnectionsWithoutAnIpStillCountInTheTotal() {
        ConnectionRegistry unlimited = new ConnectionRegistry(0, 0, ConnectionThrottle.off(), counters);
        for (int i = 0; i < 1000; i++) {
            assertThat(unlimited.acquire(addr("127.0.0.1", i))).isTrue();
        }
        ConnectionRegistry r = new ConnectionRegistry(0, 1, ConnectionThrottle.off(), counters);
        java.net.SocketAddress local = new io.netty.channel.local.LocalAddress("x");
        assertThat(r.acquire(local)).isTrue();
        assertThat(r.acquire(local)).isFalse();
        r.release(local);
        assertThat(r.acquire(addr("127.0.0.1", 1))).isTrue();
        assertThat(counters.connectionRejected.sum()).isEqualTo(1);
    }

    @Test
    void theThrottleAdmitsConnectRequestsWhileItHasTokensAndCountsAsZooKeeperDoes() {
        ConnectionThrottle throttle = new ConnectionThrottle(new ConnectionThrottleSettings(2, 1000, 1, -1, 0.02,
                0.002, 0), 0, RandomGenerator.getDefault());
        ConnectionRegistry r = new ConnectionRegistry(60, 0, throttle, counters);
        assertThat(r.admitConnectRequest(0)).isTrue();
        assertThat(r.admitConnectRequest(10)).isTrue();
        assertThat(r.admitConnectRequest(20)).isFalse();
        assertThat(r.admitConnectRequest(30)).isFalse();
        assertThat(counters.connectionRequests.sum()).as("admitted requests only, as ZooKeeper counts them")
                .isEqualTo(2);
        assertThat(counters.connectionRejected.sum()).isEqualTo(2);
        assertThat(r.tokenDeficit().count()).isEqualTo(2);
        assertThat(r.tokenDeficit().min()).isEqualTo(1);
        assertThat(r.tokenDeficit().max()).isEqualTo(2);
        assertThat(r.tokenDeficit().sum()).isEqualTo(3);
        assertThat(r.admitConnectRequest(1021)).as("1001 ms later one token is back").isTrue();
        assertThat(r.connectionDropChance()).isZero();
    }

    @Test
    void theDropChanceIsTheThrottles() {
        ConnectionThrottle throttle = new ConnectionThrottle(new ConnectionThrottleSettings(1, 1_000_000, 1, 5,
                0.5, 0.1, 0), 0, RandomGenerator.of("L64X128MixRandom"));
        ConnectionRegistry r = new ConnectionRegistry(60, 0, throttle, counters);
        assertThat(r.admitConnectRequest(0)).isTrue();
        assertThat(r.admitConnectRequest(10)).isFalse();
        assertThat(r.connectionDropChance()).isEqualTo(0.5);
    }

    @Test
    void createTakesMaxCnxnsAndTheThrottleFromTheSettings() {
        OverloadSettings d = OverloadSettings.defaults();
        OverloadSettings limits = new OverloadSettings(d.globalOutstandingLimit(), 0, 100, true,
                new ConnectionThrottleSettings(1, 1_000_000, 1, -1, 0.02, 0.002, 0), 7, -1,
                d.largeRequestMaxBytes(), -1, 1000, 1 << 20, 128);
        ConnectionRegistry r = ConnectionRegistry.create(60, limits, counters, 500);
        assertThat(r.maxTotal()).isEqualTo(7);
        assertThat(r.maxPerIp()).isEqualTo(60);
        assertThat(r.admitConnectRequest(500)).isTrue();
        assertThat(r.admitConnectRequest(501)).isFalse();
        ConnectionRegistry defaults = ConnectionRegistry.create(60, d, counters, 0);
        for (int i = 0; i < 100; i++) {
            assertThat(defaults.admitConnectRequest(i)).isTrue();
        }
    }
}

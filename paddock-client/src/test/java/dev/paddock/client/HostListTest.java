package dev.paddock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.zookeeper.client.StaticHostProvider;
import org.junit.jupiter.api.Test;

/** Host order and updateServerList rebalancing: the math with seeded randomness, and ZooKeeper's class as oracle. */
class HostListTest {

    private static InetSocketAddress server(int i) {
        return InetSocketAddress.createUnresolved("127.0.0.1", 2000 + i);
    }

    /** The address a client is connected to: resolved, as a socket's remote address is. */
    private static InetSocketAddress connected(InetSocketAddress a) {
        return new InetSocketAddress(a.getHostString(), a.getPort());
    }

    private static List<InetSocketAddress> servers(int... ids) {
        List<InetSocketAddress> l = new ArrayList<>();
        for (int i : ids) {
            l.add(server(i));
        }
        return l;
    }

    private static String name(InetSocketAddress a) {
        return a == null ? "null" : a.getHostString() + ":" + a.getPort();
    }

    @Test
    void withoutShuffleTheServersAreTriedInTurn() {
        HostList h = new HostList(servers(1, 2, 3), new Random(1), false);
        List<InetSocketAddress> tried = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            tried.add(h.next());
        }
        assertThat(tried).containsExactlyElementsOf(servers(1, 2, 3, 1, 2, 3, 1));
        assertThatThrownBy(() -> new HostList(List.of(), new Random(), true))
                .hasMessage("A HostProvider may not be empty!");
    }

    @Test
    void growingFromThreeToFiveServersMovesTwoFifthsOfTheClientsToTheNewOnes() {
        int clients = 3000;
        Map<String, Integer> after = new HashMap<>();
        int moved = 0;
        // each client its own seed (the first draws of java.util.Random with consecutive seeds are alike)
        Random seeds = new Random(11);
        for (int c = 0; c < clients; c++) {
            HostList h = new HostList(servers(1, 2, 3), new Random(seeds.nextLong()), true);
            InetSocketAddress mine = h.next();
            h.onConnected();
            boolean move = h.update(servers(1, 2, 3, 4, 5), connected(mine));
            InetSocketAddress next = move ? h.next() : mine;
            if (move) {
                moved++;
                assertThat(next).as("a moving client goes to a new server").isIn(server(4), server(5));
            }
            after.merge(name(next), 1, Integer::sum);
        }
        // expected 1 - 3/5 = 40 % movers; each server ends near clients / 5
        assertThat(moved).isBetween(1100, 1300);
        assertThat(after).hasSize(5);
        after.values().forEach(n -> assertThat(n).isBetween(clients / 5 - 100, clients / 5 + 100));
    }

    @Test
    void aClientWhoseServerLeftAlwaysMovesAndOneWhoseServerStaysWhenShrinkingDoesNot() {
        HostList h = new HostList(servers(1, 2, 3), new Random(7), false);
        h.next();
        h.onConnected();
        assertThat(h.update(servers(2, 3), connected(server(1)))).isTrue();
        assertThat(h.next()).isIn(server(2), server(3));

        HostList stays = new HostList(servers(1, 2, 3), new Random(7), false);
        stays.next();
        stays.onConnected();
        assertThat(stays.update(servers(1, 3), connected(server(1)))).isFalse();
        assertThat(stays.inReconfigMode()).isFalse();
        // replaced one server by another: the client of the replaced one goes to the newcomer (pOld = 0)
        HostList replaced = new HostList(servers(1, 2, 3), new Random(7), false);
        replaced.next();
        replaced.next();
        replaced.next();
        replaced.onConnected();
        assertThat(replaced.update(servers(1, 2, 4), connected(server(3)))).isTrue();
        assertThat(replaced.next()).isEqualTo(server(4));
    }

    @Test
    void afterEveryCandidateOfAMoveFailedTheClientGoesBackToThePlainRound() {
        HostList h = new HostList(servers(1, 2), new Random(3), false);
        h.next();
        h.onConnected();
        assertThat(h.update(servers(3, 4), connected(server(1)))).isTrue();
        List<InetSocketAddress> tried = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tried.add(h.next());
        }
        assertThat(tried.subList(0, 2)).containsExactlyInAnyOrder(server(3), server(4));
        assertThat(h.inReconfigMode()).isFalse();
        assertThat(tried.subList(2, 4)).containsExactlyInAnyOrder(server(3), server(4));
    }

    /**
     * The same seed and the same calls on ZooKeeper 3.9.3's StaticHostProvider and on HostList: the same order,
     * the same decisions to move and the same servers picked, over many random scenarios.
     */
    @Test
    void decidesAndPicksAsZooKeepersStaticHostProvider() {
        Random scenario = new Random(42);
        int moves = 0;
        for (int run = 0; run < 300; run++) {
            long seed = scenario.nextLong();
            List<InetSocketAddress> before = pick(scenario, 1 + scenario.nextInt(6));
            StaticHostProvider zk = new StaticHostProvider(before, seed);
            HostList ours = new HostList(before, new Random(seed), true);
            InetSocketAddress at = null;
            int attempts = 1 + scenario.nextInt(4);
            for (int i = 0; i < attempts; i++) {
                at = same(zk.next(0), ours.next());
            }
            boolean connectedNow = scenario.nextBoolean();
            if (connectedNow) {
                zk.onConnected();
                ours.onConnected();
            }
            for (int round = 0; round < 2; round++) {
                List<InetSocketAddress> after = pick(scenario, 1 + scenario.nextInt(7));
                InetSocketAddress current = connectedNow ? connected(at) : null;
                boolean zkMoves = zk.updateServerList(after, current);
                assertThat(ours.update(after, current)).as("run %d: move decision", run).isEqualTo(zkMoves);
                moves += zkMoves ? 1 : 0;
                for (int i = 0; i < 1 + scenario.nextInt(8); i++) {
                    at = same(zk.next(0), ours.next());
                }
                if (scenario.nextBoolean()) {
                    zk.onConnected();
                    ours.onConnected();
                }
            }
        }
        assertThat(moves).as("the scenarios include moves").isGreaterThan(50);
    }

    private static InetSocketAddress same(InetSocketAddress zk, InetSocketAddress ours) {
        assertThat(name(ours)).isEqualTo(name(zk));
        return ours;
    }

    private static List<InetSocketAddress> pick(Random r, int n) {
        List<Integer> pool = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            pool.add(i);
        }
        java.util.Collections.shuffle(pool, r);
        List<InetSocketAddress> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(server(pool.get(i)));
        }
        return l;
    }
}

package dev.paddock.server;

import dev.paddock.core.config.QuorumServerSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same zoo.cfg files read by Paddock and by ZooKeeper 3.9.3's own {@link QuorumPeerConfig}: what ZooKeeper
 * accepts, Paddock reads to the same ensemble; what ZooKeeper refuses, Paddock refuses too.
 */
class ZooKeeperConfigCompatTest {
    @TempDir
    Path tmp;

    private Set<String> propertiesBefore;
    private int n;

    @BeforeEach
    void rememberSystemProperties() {
        propertiesBefore = new HashSet<>(System.getProperties().stringPropertyNames());
    }

    /** ZooKeeper forwards keys it does not know to zookeeper.* system properties and keeps two flags static. */
    @AfterEach
    void undoZooKeepersSideEffects() {
        for (String k : System.getProperties().stringPropertyNames()) {
            if (!propertiesBefore.contains(k)) {
                System.clearProperty(k);
            }
        }
        resetZooKeeperStatics();
    }

    /** standaloneEnabled and reconfigEnabled are static in ZooKeeper: a file without them keeps the last value. */
    private static void resetZooKeeperStatics() {
        QuorumPeerConfig.setStandaloneEnabled(true);
        QuorumPeerConfig.setReconfigEnabled(false);
    }

    private Path cfg(String myid, String... lines) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("case" + (++n)));
        Path data = Files.createDirectories(dir.resolve("data"));
        if (myid != null) {
            Files.writeString(data.resolve("myid"), myid + "\n");
        }
        List<String> all = new ArrayList<>(List.of("tickTime=2000", "dataDir=" + data, "clientPort=2181"));
        all.addAll(List.of(lines));
        Path f = dir.resolve("zoo.cfg");
        Files.writeString(f, String.join("\n", all) + "\n");
        return f;
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** id -> "role quorum=[..] election=[..] client=port" as ZooKeeper sees it. */
    private static Map<Long, String> zkView(QuorumPeerConfig zk) {
        Map<Long, String> m = new TreeMap<>();
        for (QuorumPeer.QuorumServer s : zk.getServers().values()) {
            Set<String> q = new java.util.TreeSet<>();
            s.addr.getAllAddresses().forEach(a -> q.add(hostPort(a)));
            Set<String> e = new java.util.TreeSet<>();
            s.electionAddr.getAllAddresses().forEach(a -> e.add(hostPort(a)));
            // ZooKeeper copies zoo.cfg's clientPort into this server's line (marked "from static"); Paddock keeps
            // it in ClientPortSettings only
            int client = s.clientAddr == null || s.isClientAddrFromStatic ? -1 : s.clientAddr.getPort();
            m.put(s.id, s.type.name().toLowerCase() + " quorum=" + q + " election=" + e + " client=" + client);
        }
        return m;
    }

    private static Map<Long, String> paddockView(EnsembleConfig e) {
        Map<Long, String> m = new TreeMap<>();
        for (QuorumServerSpec s : e.servers().values()) {
            Set<String> q = new java.util.TreeSet<>();
            Set<String> el = new java.util.TreeSet<>();
            for (QuorumServerSpec.Address a : s.addresses()) {
                // through InetSocketAddress, as ZooKeeper holds them (IPv6 literals come out in full form)
                q.add(hostPort(new InetSocketAddress(a.host(), a.quorumPort())));
                el.add(hostPort(new InetSocketAddress(a.host(), a.electionPort())));
            }
            m.put(s.id(), s.role().configName() + " quorum=" + q + " election=" + el + " client=" + s.clientPort());
        }
        return m;
    }

    private void assertSameEnsemble(Path f) throws Exception {
        EnsembleConfig ours = ServerConfig.load(f).ensemble();
        resetZooKeeperStatics();
        QuorumPeerConfig zk = new QuorumPeerConfig();
        zk.parse(f.toString());
        assertThat(paddockView(ours)).isEqualTo(zkView(zk));
        assertThat(ours.isDistributed()).isEqualTo(zk.isDistributed());
        assertThat(ours.zooKeeperConfigText()).isEqualTo(zk.getQuorumVerifier().toString());
        assertThat(ours.configVersion()).isEqualTo(zk.getQuorumVerifier().getVersion());
        assertThat(ours.myId()).isEqualTo(zk.getServerId());
        assertThat(ours.initLimit()).isEqualTo(zk.getInitLimit());
        assertThat(ours.syncLimit()).isEqualTo(zk.getSyncLimit());
        assertThat(ours.electionAlg()).isEqualTo(zk.getElectionAlg());
        assertThat(ours.quorumListenOnAllIPs()).isEqualTo(zk.getQuorumListenOnAllIPs());
        assertThat(ours.syncEnabled()).isEqualTo(zk.getSyncEnabled());
        assertThat(ours.standaloneEnabled()).isEqualTo(QuorumPeerConfig.isStandaloneEnabled());
        assertThat(ours.reconfigEnabled()).isEqualTo(QuorumPeerConfig.isReconfigEnabled());
        if (ours.isDistributed()) {
            assertThat(ours.peerType().name()).isEqualTo(zk.getPeerType().name());
        }
    }

    private void assertBothRefuse(Path f) {
        assertThatThrownBy(() -> ServerConfig.load(f)).isInstanceOf(ConfigException.class);
        resetZooKeeperStatics();
        assertThatThrownBy(() -> new QuorumPeerConfig().parse(f.toString()))
                .isInstanceOf(QuorumPeerConfig.ConfigException.class);
    }

    @Test
    void ensemblesBothReadTheSameWay() throws Exception {
        assertSameEnsemble(cfg("2", "initLimit=10", "syncLimit=5", "server.1=127.0.0.1:2888:3888",
                "server.2=127.0.0.1:2889:3889", "server.3=127.0.0.1:2890:3890"));
        assertSameEnsemble(cfg("4", "initLimit=10", "syncLimit=5", "server.1=127.0.0.1:2888:3888:participant",
                "server.2=127.0.0.2:2888:3888;2182", "server.3=[::1]:2890:3890;127.0.0.3:2183",
                "server.4=127.0.0.4:2891:3891:observer", "peerType=observer", "syncEnabled=false",
                "quorumListenOnAllIPs=true", "electionAlg=3"));
        assertSameEnsemble(cfg("1", "initLimit=3", "syncLimit=2", "standaloneEnabled=false",
                "server.1=127.0.0.1:2888:3888"));
        assertSameEnsemble(cfg("3", "initLimit=3", "syncLimit=2", "reconfigEnabled=true",
                "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:2889:3889", "server.3=127.0.0.1:2890:3890"));
        // server lines from a dynamic file, whose name carries the configuration's version
        Path dyn = Files.writeString(tmp.resolve("zoo.cfg.dynamic.100000000"), String.join("\n",
                "server.1=127.0.0.1:2888:3888:participant;127.0.0.1:2191", "server.2=127.0.0.1:2889:3889;2181",
                "server.3=127.0.0.1:2890:3890:observer;0.0.0.0:2183") + "\n");
        assertSameEnsemble(cfg("2", "initLimit=3", "syncLimit=2", "dynamicConfigFile=" + dyn));
        // a single participant line with standaloneEnabled: both run standalone
        assertSameEnsemble(cfg(null, "server.1=127.0.0.1:2888:3888"));
        // the role may follow any address of a multi-address line; ZooKeeper reads the system property
        System.setProperty("zookeeper.multiAddress.enabled", "true");
        assertSameEnsemble(cfg("1", "initLimit=3", "syncLimit=2", "server.1=127.0.0.1:2888:3888",
                "server.2=127.0.0.2:2888:3888|127.0.0.3:2888:3888:observer", "server.3=127.0.0.1:2890:3890"));
    }

    @Test
    void configurationsZooKeeperRefusesArePaddocksToo() throws Exception {
        assertBothRefuse(cfg("1", "initLimit=10", "syncLimit=5", "server.1=127.0.0.1:2888:3888",
                "server.2=127.0.0.1:2889:3889|127.0.0.2:2889:3889")); // multiAddress not enabled
        assertBothRefuse(cfg("1", "initLimit=10", "syncLimit=5", "server.1=127.0.0.1:2888",
                "server.2=127.0.0.1:2889:3889"));
        assertBothRefuse(cfg("1", "initLimit=10", "syncLimit=5", "server.1=127.0.0.1:2888:2888",
                "server.2=127.0.0.1:2889:3889"));
        assertBothRefuse(cfg("1", "initLimit=10", "syncLimit=5", "server.1=127.0.0.1:2888:3888:leader",
                "server.2=127.0.0.1:2889:3889"));
        assertBothRefuse(cfg("1", "initLimit=10", "syncLimit=5", "server.1=127.0.0.1:2888:3888;a:b:1",
                "server.2=127.0.0.1:2889:3889"));
        assertBothRefuse(cfg("1", "initLimit=10", "syncLimit=5", "server.1=[::1:2888:3888",
                "server.2=127.0.0.1:2889:3889"));
        assertBothRefuse(cfg(null, "initLimit=10", "syncLimit=5", "server.1=127.0.0.1:2888:3888",
                "server.2=127.0.0.1:2889:3889")); // no myid
        assertBothRefuse(cfg("1", "syncLimit=5", "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:2889:3889"));
        assertBothRefuse(cfg("1", "initLimit=5", "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:2889:3889"));
        assertBothRefuse(cfg("x", "initLimit=10", "syncLimit=5", "server.1=127.0.0.1:2888:3888",
                "server.2=127.0.0.1:2889:3889"));
        assertBothRefuse(cfg("1", "server.1=127.0.0.1:2888:3888:observer"));
        assertBothRefuse(cfg("1", "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:2889:3889:observer"));
        assertBothRefuse(cfg(null, "standaloneEnabled=false"));
        assertBothRefuse(cfg("2", "initLimit=3", "syncLimit=2", "server.1=127.0.0.1:2888:3888",
                "server.2=127.0.0.1:2889:3889;2182")); // clientPort=2181 in the file, 2182 on this server's line
        assertBothRefuse(cfg(null, "electionAlg=1"));
        assertBothRefuse(cfg(null, "peerType=leader"));
        assertBothRefuse(cfg(null, "syncEnabled=yes"));
    }
}

package dev.paddock.server;

import dev.paddock.core.config.PeerType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ensemble part of zoo.cfg: defaults, myid, ZooKeeper's validation rules, pseudo-clusters. */
class EnsembleConfigTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearSystemProperties() {
        for (String k : new String[] {"zookeeper.cnxTimeout", "zookeeper.observer.syncEnabled",
                "zookeeper.leaderServes", "zookeeper.multiAddress.enabled"}) {
            System.clearProperty(k);
        }
    }

    private static final String[] THREE = {
        "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:2889:3889", "server.3=127.0.0.1:2890:3890"};

    private Path dataDir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    private Path cfg(String name, List<String> lines) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    /** A zoo.cfg with dataDir tmp/data (myid written when myid is not null), the given lines after it. */
    private Path ensembleCfg(String myid, String... lines) throws IOException {
        Path data = dataDir("data");
        if (myid != null) {
            Files.writeString(data.resolve("myid"), myid + "\n");
        }
        List<String> all = new ArrayList<>(List.of("tickTime=2000", "dataDir=" + data, "clientPort=2181"));
        all.addAll(List.of(lines));
        return cfg("zoo.cfg", all);
    }

    private void assertRefused(String message, Path zooCfg) {
        assertThatThrownBy(() -> ServerConfig.load(zooCfg)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    private static String[] with(String[] base, String... more) {
        List<String> l = new ArrayList<>(List.of(base));
        l.addAll(List.of(more));
        return l.toArray(String[]::new);
    }

    @Test
    void zooKeeperDefaults() throws IOException {
        EnsembleConfig e = ServerConfig.load(ensembleCfg("2", with(THREE, "initLimit=10", "syncLimit=5"))).ensemble();
        assertThat(e.isDistributed()).isTrue();
        assertThat(e.myId()).isEqualTo(2);
        assertThat(e.self().firstAddress().electionPort()).isEqualTo(3889);
        assertThat(e.initLimit()).isEqualTo(10);
        assertThat(e.syncLimit()).isEqualTo(5);
        assertThat(e.electionAlg()).isEqualTo(3);
        assertThat(e.peerType()).isEqualTo(PeerType.PARTICIPANT);
        assertThat(e.cnxTimeoutMs()).isEqualTo(5000);
        assertThat(e.quorumListenOnAllIPs()).isFalse();
        assertThat(e.syncEnabled()).isTrue();
        assertThat(e.leaderServes()).isTrue();
        assertThat(e.standaloneEnabled()).isTrue();
        assertThat(e.reconfigEnabled()).isFalse();
        assertThat(e.dynamicConfigFile()).isNull();
        assertThat(e.multiAddressEnabled()).isFalse();
        assertThat(e.participants()).containsOnlyKeys(1L, 2L, 3L);
        assertThat(e.observers()).isEmpty();
    }

    @Test
    void everyEnsembleKey() throws IOException {
        System.setProperty("zookeeper.cnxTimeout", "999"); // the file wins
        ServerConfig c = ServerConfig.load(ensembleCfg("4", with(THREE, "server.4=127.0.0.1:2891:3891:observer",
                "initLimit=3", "syncLimit=2", "peerType=observer", "electionAlg=3", "quorumListenOnAllIPs=true",
                "syncEnabled=false", "leaderServes=no", "cnxTimeout=1500", "standaloneEnabled=false",
                "reconfigEnabled=true")));
        EnsembleConfig e = c.ensemble();
        assertThat(e.peerType()).isEqualTo(PeerType.OBSERVER);
        assertThat(e.self().isObserver()).isTrue();
        assertThat(e.quorumListenOnAllIPs()).isTrue();
        assertThat(e.syncEnabled()).isFalse();
        assertThat(e.leaderServes()).isFalse();
        assertThat(e.cnxTimeoutMs()).isEqualTo(1500);
        assertThat(e.standaloneEnabled()).isFalse();
        assertThat(e.reconfigEnabled()).isTrue();
        assertThat(e.observers()).containsOnlyKeys(4L);
        assertThat(c.unknownKeys()).isEmpty();
        assertThat(c.acceptedForLater()).isEmpty();
    }

    @Test
    void systemPropertiesZooKeeperReadsApplyWhenTheFileIsSilent() throws IOException {
        System.setProperty("zookeeper.cnxTimeout", "1234");
        System.setProperty("zookeeper.observer.syncEnabled", "false");
        System.setProperty("zookeeper.leaderServes", "no");
        EnsembleConfig e = ServerConfig.load(ensembleCfg("1", with(THREE, "initLimit=10", "syncLimit=5"))).ensemble();
        assertThat(e.cnxTimeoutMs()).isEqualTo(1234);
        assertThat(e.syncEnabled()).isFalse();
        assertThat(e.leaderServes()).isFalse();
    }

    @Test
    void theServerLineRoleWinsOverPeerType() throws IOException {
        EnsembleConfig e = ServerConfig.load(ensembleCfg("3", "server.1=a:1:2", "server.2=b:1:2",
                "server.3=c:1:2:observer", "initLimit=10", "syncLimit=5", "peerType=participant")).ensemble();
        assertThat(e.peerType()).isEqualTo(PeerType.OBSERVER);
    }

    // ---- myid ----

    @Test
    void missingMyidRefusesAndSaysHowToFixIt() throws IOException {
        Path f = ensembleCfg(null, with(THREE, "initLimit=10", "syncLimit=5"));
        assertRefused("the myid file " + tmp.resolve("data").resolve("myid") + " is missing: the configuration lists"
                + " servers [1, 2, 3]", f);
    }

    @Test
    void myidNotListedRefuses() throws IOException {
        assertRefused("myid 9 (" + tmp.resolve("data").resolve("myid") + ") is not among the configured servers"
                + " [1, 2, 3]", ensembleCfg("9", with(THREE, "initLimit=10", "syncLimit=5")));
    }

    @Test
    void myidThatIsNotANumberRefuses() throws IOException {
        assertRefused("holds 'one', not a server id", ensembleCfg("one", with(THREE, "initLimit=10", "syncLimit=5")));
        assertRefused("holds '', not a server id", ensembleCfg("", with(THREE, "initLimit=10", "syncLimit=5")));
    }

    @Test
    void myidWithBlanksAroundIsRead() throws IOException {
        EnsembleConfig e = ServerConfig.load(ensembleCfg("  3 ", with(THREE, "initLimit=10", "syncLimit=5")))
                .ensemble();
        assertThat(e.myId()).isEqualTo(3);
    }

    @Test
    void standaloneNeedsNoMyid() throws IOException {
        ServerConfig c = ServerConfig.load(ensembleCfg(null));
        assertThat(c.ensemble().myId()).isEqualTo(EnsembleConfig.UNSET_ID);
        assertThat(c.isEnsemble()).isFalse();
    }

    // ---- ZooKeeper's rules ----

    @Test
    void anEnsembleNeedsInitLimitAndSyncLimit() throws IOException {
        assertRefused("initLimit is not set", ensembleCfg("1", with(THREE, "syncLimit=5")));
        assertRefused("syncLimit is not set", ensembleCfg("1", with(THREE, "initLimit=5")));
    }

    @Test
    void aSingleLineWithStandaloneEnabledRunsStandaloneAndWithoutItIsAnEnsembleOfOne() throws IOException {
        ServerConfig standalone = ServerConfig.load(ensembleCfg(null, "server.1=127.0.0.1:2888:3888"));
        assertThat(standalone.isEnsemble()).isFalse();
        ServerConfig one = ServerConfig.load(ensembleCfg("1", "server.1=127.0.0.1:2888:3888",
                "standaloneEnabled=false", "initLimit=10", "syncLimit=5"));
        assertThat(one.isEnsemble()).isTrue();
    }

    @Test
    void observerCountRules() throws IOException {
        assertRefused("observers without participants", ensembleCfg("1", "server.1=a:1:2:observer"));
        assertRefused("observers need a quorum", ensembleCfg("1", "server.1=a:1:2", "server.2=b:1:2:observer"));
        assertRefused("standaloneEnabled=false needs at least one participant",
                ensembleCfg("1", "server.1=a:1:2:observer", "standaloneEnabled=false"));
        assertRefused("standaloneEnabled=false needs at least one participant",
                ensembleCfg(null, "standaloneEnabled=false"));
    }

    @Test
    void duplicateIdsNameBothLines() throws IOException {
        Path f = ensembleCfg("1", "server.1=a:1:2", "server.01=b:1:2");
        assertRefused("server.01=b:1:2 (line 5 of " + f + "): server id 1 is already used by server.1 (line 4 of "
                + f + ")", f);
    }

    @Test
    void aPortUsedTwiceNamesBothServers() throws IOException {
        Path f = ensembleCfg("1", "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:3888:3889");
        assertRefused("server.2=127.0.0.1:3888:3889 (line 5 of " + f + "): 127.0.0.1:3888 is used twice: as the"
                + " quorum port of server.2 (line 5 of " + f + ") and as the election port of server.1", f);
        assertRefused("LOCALHOST:5 is used twice".toLowerCase(),
                ensembleCfg("1", "server.1=localhost:5:6", "server.2=LOCALHOST:5:7"));
        // the same ports on different hosts are fine (the usual production layout)
        assertThat(ServerConfig.load(ensembleCfg("1", "server.1=a:2888:3888", "server.2=b:2888:3888",
                "initLimit=1", "syncLimit=1")).isEnsemble()).isTrue();
    }

    @Test
    void badKeysNameKeyAndLine() throws IOException {
        assertRefused("electionAlg=1 (line 4 of", ensembleCfg(null, "electionAlg=1"));
        assertRefused("electionAlg=1 (line 4 of", ensembleCfg(null, "electionAlg=1"));
        assertRefused("cnxTimeout=0 (line 4 of", ensembleCfg(null, "cnxTimeout=0"));
        assertRefused("leaderServes=maybe (line 4 of", ensembleCfg(null, "leaderServes=maybe"));
        assertRefused("syncEnabled=yes (line 4 of", ensembleCfg(null, "syncEnabled=yes"));
        assertRefused("server.-1=a:1:2 (line 4 of", ensembleCfg(null, "server.-1=a:1:2"));
        assertRefused("weight.1=1 (line 4 of", ensembleCfg(null, "weight.1=1"));
        assertRefused("server.2=a:1:2|b:3:4 (line 5 of", ensembleCfg("1", "server.1=c:1:2", "server.2=a:1:2|b:3:4"));
    }

    @Test
    void multiAddressFromTheSystemPropertyZooKeeperReads() throws IOException {
        System.setProperty("zookeeper.multiAddress.enabled", "true");
        ServerConfig c = ServerConfig.load(ensembleCfg("1", "server.1=c:1:2", "server.2=a:1:2|b:3:4",
                "initLimit=1", "syncLimit=1"));
        assertThat(c.ensemble().multiAddressEnabled()).isTrue();
        assertThat(c.servers().get(2L).addresses()).hasSize(2);
    }

    @Test
    void clientPortFromThisServersLineAndConflicts() throws IOException {
        Path data = dataDir("data");
        Files.writeString(data.resolve("myid"), "2");
        ServerConfig c = ServerConfig.load(cfg("zoo.cfg", List.of("dataDir=" + data, "initLimit=5", "syncLimit=2",
                "server.1=127.0.0.1:2888:3888;2181", "server.2=127.0.0.1:2889:3889;127.0.0.1:2182",
                "server.3=127.0.0.1:2890:3890;2183")));
        assertThat(c.clientPort()).isEqualTo(2182);
        assertThat(c.clientPortAddress()).isEqualTo("127.0.0.1");
        Path conflicting = cfg("zoo2.cfg", List.of("dataDir=" + data, "initLimit=5", "syncLimit=2",
                "clientPort=2999", "server.1=127.0.0.1:2888:3888;2181", "server.2=127.0.0.1:2889:3889;2182"));
        assertRefused("clientPort=2999 (line 4 of " + conflicting + "): differs from the client port 2182 of server.2",
                conflicting);
    }

    // ---- dynamic config file ----

    @Test
    void serverLinesFromTheDynamicConfigFile() throws IOException {
        Path dyn = cfg("zoo.cfg.dynamic.100000000", List.of(THREE));
        ServerConfig c = ServerConfig.load(ensembleCfg("3", "initLimit=5", "syncLimit=2", "dynamicConfigFile=" + dyn));
        assertThat(c.servers()).containsOnlyKeys(1L, 2L, 3L);
        assertThat(c.ensemble().dynamicConfigFile()).isEqualTo(dyn);
        assertThat(c.ensemble().configVersion()).isEqualTo(0x100000000L);
        assertThat(c.isEnsemble()).isTrue();
        Path unversioned = cfg("zoo.cfg.dynamic", List.of(THREE));
        assertThat(ServerConfig.load(ensembleCfg("3", "initLimit=5", "syncLimit=2", "dynamicConfigFile=" + unversioned))
                .ensemble().configVersion()).isZero();
    }

    @Test
    void theConfigurationTextZooKeeperPeersExchange() throws IOException {
        EnsembleConfig e = ServerConfig.load(ensembleCfg("1", "initLimit=5", "syncLimit=2",
                "multiAddress.enabled=true", "server.1=127.0.0.1:2888:3888",
                "server.2=b.example:2889:3889|a.example:2889:3889;2182",
                "server.3=[::1]:2890:3890:observer;[::1]:2183")).ensemble();
        assertThat(e.zooKeeperConfigText()).isEqualTo("server.1=127.0.0.1:2888:3888:participant\n"
                + "server.2=a.example:2889:3889|b.example:2889:3889:participant;0.0.0.0:2182\n"
                + "server.3=[0:0:0:0:0:0:0:1]:2890:3890:observer;[0:0:0:0:0:0:0:1]:2183\n"
                + "version=0");
    }

    @Test
    void dynamicConfigFileRules() throws IOException {
        Path dyn = cfg("zoo.cfg.dynamic", List.of("server.1=a:1:2", "tickTime=5"));
        assertRefused("tickTime=5 (line 2 of " + dyn + "): only server.N lines belong in a dynamic config file",
                ensembleCfg(null, "dynamicConfigFile=" + dyn));
        Path withVersion = cfg("zoo.cfg.dynamic.1", List.of("server.1=a:1:2", "version=1"));
        assertRefused("must not hold a version", ensembleCfg(null, "dynamicConfigFile=" + withVersion));
        Path ok = cfg("zoo.cfg.dynamic.2", List.of("server.1=a:1:2"));
        assertRefused("server.1=a:1:2 (line 5 of", ensembleCfg(null, "dynamicConfigFile=" + ok, "server.1=a:1:2"));
        assertRefused("cannot read the dynamic config file",
                ensembleCfg(null, "dynamicConfigFile=" + tmp.resolve("absent")));
    }

    // ---- pseudo-cluster: three servers on one host ----

    @Test
    void pseudoClusterOfThreeOnOneHost() throws IOException {
        List<ServerConfig> configs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            Path data = dataDir("zk" + id);
            Files.writeString(data.resolve("myid"), Integer.toString(id));
            List<String> lines = new ArrayList<>(List.of("tickTime=2000", "initLimit=5", "syncLimit=2",
                    "dataDir=" + data, "clientPort=" + (2180 + id)));
            lines.addAll(List.of(THREE));
            configs.add(ServerConfig.load(cfg("zoo" + id + ".cfg", lines)));
        }
        for (int i = 0; i < 3; i++) {
            ServerConfig c = configs.get(i);
            assertThat(c.isEnsemble()).isTrue();
            assertThat(c.ensemble().myId()).isEqualTo(i + 1);
            assertThat(c.clientPort()).isEqualTo(2181 + i);
            assertThat(c.dataDir()).isEqualTo(tmp.resolve("zk" + (i + 1)));
            assertThat(c.ensemble().self().firstAddress().electionPort()).isEqualTo(3888 + i);
            assertThat(c.servers()).isEqualTo(configs.get(0).servers());
        }
    }
}

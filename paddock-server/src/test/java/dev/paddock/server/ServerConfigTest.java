package dev.paddock.server;

import dev.paddock.core.config.PeerType;
import dev.paddock.core.config.QuorumServerSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.CoreConfig;
import dev.paddock.server.core.ServerClock;
import dev.paddock.server.fourlw.FourLetterWord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearSystemProperties() {
        for (String k : new String[] {"zookeeper.clientPort", "zookeeper.tickTime", "zookeeper.dataDir",
                "jute.maxbuffer", "zookeeper.jute.maxbuffer", "zookeeper.skipACL", "readonlymode.enabled",
                "zookeeper.4lw.commands.whitelist", "znode.container.checkIntervalMs",
                "zookeeper.DigestAuthenticationProvider.superDigest", "zookeeper.extendedTypesEnabled",
                "zookeeper.enforceQuota"}) {
            System.clearProperty(k);
        }
    }

    private Path cfg(String... lines) throws IOException {
        Path f = tmp.resolve("zoo.cfg");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private String dataDir() {
        return tmp.resolve("data").toString();
    }

    @Test
    void readsTheSampleStyleFileWithDefaultsForEverythingElse() throws IOException {
        ServerConfig c = ServerConfig.load(cfg(
                "# The number of milliseconds of each tick",
                "tickTime=2000",
                "initLimit=10",
                "syncLimit=5",
                "dataDir=" + dataDir(),
                "clientPort=2181"));
        assertThat(c.tickTime()).isEqualTo(2000);
        assertThat(c.clientPort()).isEqualTo(2181);
        assertThat(c.dataDir()).isEqualTo(tmp.resolve("data"));
        assertThat(c.dataLogDir()).isEqualTo(c.dataDir());
        assertThat(c.clientPortAddress()).isNull();
        assertThat(c.maxClientCnxns()).isEqualTo(60);
        assertThat(c.minSessionTimeout()).isEqualTo(4000);
        assertThat(c.maxSessionTimeout()).isEqualTo(40000);
        assertThat(c.storage().snapRetainCount()).isEqualTo(3);
        assertThat(c.storage().purgeInterval()).isZero();
        assertThat(c.storage().snapCount()).isEqualTo(100000);
        assertThat(c.storage().preAllocSizeKb()).isEqualTo(65536);
        assertThat(c.storage().forceSync()).isTrue();
        assertThat(c.juteMaxBuffer()).isEqualTo(0xfffff);
        assertThat(c.client().fourLetterWordWhitelist()).containsExactly(FourLetterWord.SRVR);
        assertThat(c.core().superDigest()).isNull();
        assertThat(c.core().extendedTypesEnabled()).isFalse();
        assertThat(c.core().skipAcl()).isFalse();
        assertThat(c.core().containerCheckIntervalMs()).isEqualTo(60000);
        assertThat(c.client().readOnlyModeEnabled()).isFalse();
        assertThat(c.ensemble().initLimit()).isEqualTo(10);
        assertThat(c.ensemble().syncLimit()).isEqualTo(5);
        assertThat(c.isEnsemble()).isFalse();
        assertThat(c.unknownKeys()).isEmpty();
        assertThat(c.configFile()).isEqualTo(tmp.resolve("zoo.cfg"));
        assertThat(c.source()).isEqualTo(tmp.resolve("zoo.cfg").toString());
    }

    @Test
    void readsEverySupportedKey() throws IOException {
        ServerConfig c = ServerConfig.load(cfg(
                "tickTime = 500 ",
                "dataDir=" + dataDir(),
                "dataLogDir=" + tmp.resolve("log"),
                "clientPort=0",
                "clientPortAddress=127.0.0.1",
                "maxClientCnxns=0",
                "minSessionTimeout=1000",
                "maxSessionTimeout=90000",
                "autopurge.snapRetainCount=7",
                "autopurge.purgeInterval=24",
                "snapCount=5000",
                "preAllocSize=1024",
                "forceSync=no",
                "jute.maxbuffer=0x1000",
                "4lw.commands.whitelist=ruok, stat ,mntr",
                "DigestAuthenticationProvider.superDigest=super:D/InIHSb7yEEbrWz8b9l71RjZJU=",
                "extendedTypesEnabled=true",
                "skipACL=yes",
                "znode.container.checkIntervalMs=250",
                "readonlymode.enabled=true",
                "admin.enableServer=false",
                "admin.serverPort=9090",
                "admin.serverAddress=127.0.0.1",
                "admin.commandURL=/cmds",
                "admin.idleTimeout=1000",
                "metricsProvider.className=org.example.Metrics",
                "metricsProvider.httpPort=7000",
                "localSessionsEnabled=true",
                "localSessionsUpgradingEnabled=true",
                "quorumListenOnAllIPs=true",
                "reconfigEnabled=true",
                "standaloneEnabled=true",
                "peerType=observer",
                "electionAlg=3",
                "secureClientPort=2281"));
        assertThat(c.tickTime()).isEqualTo(500);
        assertThat(c.dataLogDir()).isEqualTo(tmp.resolve("log"));
        assertThat(c.clientPort()).isZero();
        assertThat(c.clientPortAddress()).isEqualTo("127.0.0.1");
        assertThat(c.maxClientCnxns()).isZero();
        assertThat(c.minSessionTimeout()).isEqualTo(1000);
        assertThat(c.maxSessionTimeout()).isEqualTo(90000);
        assertThat(c.storage().snapRetainCount()).isEqualTo(7);
        assertThat(c.storage().purgeInterval()).isEqualTo(24);
        assertThat(c.storage().snapCount()).isEqualTo(5000);
        assertThat(c.storage().preAllocSizeKb()).isEqualTo(1024);
        assertThat(c.storage().forceSync()).isFalse();
        assertThat(c.juteMaxBuffer()).isEqualTo(4096);
        assertThat(c.client().fourLetterWordWhitelist()).containsExactlyInAnyOrder(FourLetterWord.RUOK, FourLetterWord.STAT,
                FourLetterWord.MNTR, FourLetterWord.SRVR, FourLetterWord.ISRO);
        assertThat(c.core().superDigest()).isEqualTo("super:D/InIHSb7yEEbrWz8b9l71RjZJU=");
        assertThat(c.core().extendedTypesEnabled()).isTrue();
        assertThat(c.core().skipAcl()).isTrue();
        assertThat(c.core().containerCheckIntervalMs()).isEqualTo(250);
        assertThat(c.client().readOnlyModeEnabled()).isTrue();
        assertThat(c.admin().enableServer()).isFalse();
        assertThat(c.admin().serverPort()).isEqualTo(9090);
        assertThat(c.admin().serverAddress()).isEqualTo("127.0.0.1");
        assertThat(c.admin().commandUrl()).isEqualTo("/cmds");
        assertThat(c.admin().idleTimeoutMs()).isEqualTo(1000);
        assertThat(c.metricsProvider()).containsEntry("className", "org.example.Metrics").containsEntry("httpPort", "7000");
        assertThat(c.core().localSessionsEnabled()).isTrue();
        assertThat(c.core().localSessionsUpgradingEnabled()).isTrue();
        assertThat(c.ensemble().quorumListenOnAllIPs()).isTrue();
        assertThat(c.ensemble().reconfigEnabled()).isTrue();
        assertThat(c.ensemble().peerType()).isEqualTo(PeerType.OBSERVER);
        assertThat(c.client().secureClientPort()).isEqualTo(2281);
        assertThat(c.unknownKeys()).isEmpty();

        CoreConfig core = c.toCoreConfig();
        assertThat(core).isEqualTo(new CoreConfig(0, 500, 1000, 90000, "super:D/InIHSb7yEEbrWz8b9l71RjZJU=", true,
                250, true, ServerClock.SYSTEM_WALL, true).withLocalSessions(true, true)
                .withClientAuth(core.clientAuth()));
        // a TLS client port registers the x509 ACL scheme, as ZooKeeper's X509Util does
        assertThat(core.clientAuth().providers()).contains("x509", "ip", "digest");
    }

    @Test
    void propertiesSyntaxColonsContinuationsEscapesAndComments() throws IOException {
        ServerConfig c = ServerConfig.load(cfg(
                "! a comment in the other style",
                "   # indented comment \\",
                "tickTime: 1000",
                "dataDir " + dataDir(),
                "clientPort=21\\",
                "    81",
                "4lw.commands.whitelist=ru\\u006fk"));
        assertThat(c.tickTime()).isEqualTo(1000);
        assertThat(c.dataDir()).isEqualTo(tmp.resolve("data"));
        assertThat(c.clientPort()).isEqualTo(2181);
        assertThat(c.client().fourLetterWordWhitelist()).contains(FourLetterWord.RUOK);
    }

    @Test
    void unknownKeysAreListedNotFatal() throws IOException {
        ServerConfig c = ServerConfig.load(cfg("dataDir=" + dataDir(), "clientPort=2181", "noSuchKey=1",
                "snapSizeLimitInKb=10"));
        assertThat(c.unknownKeys()).containsExactly("noSuchKey");
        assertThat(c.acceptedForLater()).containsEntry("snapSizeLimitInKb", "10");
    }

    @Test
    void enforceQuotaComesFromTheFileOrZooKeepersSystemPropertyAndReachesTheCore() throws IOException {
        assertThat(ServerConfig.load(cfg("dataDir=" + dataDir(), "clientPort=2181")).core()
                .toCoreConfig(0, false).enforceQuota()).isFalse();
        ServerConfig fromFile = ServerConfig.load(cfg("dataDir=" + dataDir(), "clientPort=2181", "enforceQuota=true"));
        assertThat(fromFile.core().toCoreConfig(0, false).enforceQuota()).isTrue();
        assertThat(fromFile.acceptedForLater()).doesNotContainKey("enforceQuota");
        System.setProperty("zookeeper.enforceQuota", "true");
        assertThat(ServerConfig.load(cfg("dataDir=" + dataDir(), "clientPort=2181")).core().enforceQuota()).isTrue();
    }

    @Test
    void aRepeatedKeyTakesTheLastLine() throws IOException {
        ServerConfig c = ServerConfig.load(cfg("dataDir=" + dataDir(), "clientPort=2181", "clientPort=2182"));
        assertThat(c.clientPort()).isEqualTo(2182);
    }

    @Test
    void ensembleLinesAreParsedAndKept() throws IOException {
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data").resolve("myid"), "1\n");
        ServerConfig c = ServerConfig.load(cfg("dataDir=" + dataDir(), "clientPort=2181", "initLimit=10",
                "syncLimit=5", "multiAddress.enabled=true",
                "server.1=zk1:2888:3888",
                "server.2=[::1]:2889:3889:observer;127.0.0.1:2182",
                "server.3=a:1:2|b:3:4;2183"));
        assertThat(c.servers()).hasSize(3);
        assertThat(c.isEnsemble()).isTrue();
        assertThat(c.ensemble().myId()).isEqualTo(1);
        QuorumServerSpec s2 = c.servers().get(2L);
        assertThat(s2.addresses()).containsExactly(new QuorumServerSpec.Address("::1", 2889, 3889));
        assertThat(s2.role()).isEqualTo(PeerType.OBSERVER);
        assertThat(s2.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(s2.clientPort()).isEqualTo(2182);
        QuorumServerSpec s3 = c.servers().get(3L);
        assertThat(s3.addresses()).hasSize(2);
        assertThat(s3.clientPort()).isEqualTo(2183);
        assertThat(c.servers().get(1L).role()).isEqualTo(PeerType.PARTICIPANT);
    }

    @Test
    void aSingleServerLineWithStandaloneEnabledIsStandalone() throws IOException {
        ServerConfig c = ServerConfig.load(cfg("dataDir=" + dataDir(), "server.1=localhost:2888:3888;2190"));
        assertThat(c.isEnsemble()).isFalse();
        assertThat(c.clientPort()).isEqualTo(2190); // taken from the server line, as ZooKeeper does
    }

    // ---- bad values: the message names the key and the line ----

    private void assertBad(String expectedInMessage, String... lines) throws IOException {
        Path f = cfg(lines);
        assertThatThrownBy(() -> ServerConfig.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expectedInMessage);
    }

    @Test
    void nonNumberNamesKeyAndLine() throws IOException {
        assertBad("clientPort=abc (line 3 of " + tmp.resolve("zoo.cfg") + "): not a number",
                "tickTime=2000", "dataDir=" + dataDir(), "clientPort=abc");
    }

    @Test
    void negativePortNamesKeyAndLine() throws IOException {
        assertBad("clientPort=-1 (line 2 of", "dataDir=" + dataDir(), "clientPort=-1");
        assertBad("clientPort=70000 (line 2 of", "dataDir=" + dataDir(), "clientPort=70000");
        assertBad("admin.serverPort=-5 (line 3 of", "dataDir=" + dataDir(), "clientPort=1", "admin.serverPort=-5");
    }

    @Test
    void minTimeoutAboveMaxNamesBothLines() throws IOException {
        assertBad("minSessionTimeout=5000 (line 3 of " + tmp.resolve("zoo.cfg")
                        + ") must not be larger than maxSessionTimeout=3000 (line 4 of",
                "dataDir=" + dataDir(), "clientPort=2181", "minSessionTimeout=5000", "maxSessionTimeout=3000");
        assertBad("minSessionTimeout=50000 (line 3 of " + tmp.resolve("zoo.cfg")
                        + ") must not be larger than maxSessionTimeout=40000 (default 20*tickTime)",
                "dataDir=" + dataDir(), "clientPort=2181", "minSessionTimeout=50000");
    }

    @Test
    void missingDataDirOrClientPortIsFatal() throws IOException {
        assertBad("dataDir is not set", "clientPort=2181");
        assertBad("clientPort is not set", "dataDir=" + dataDir());
        assertBad("dataDir= (line 1 of", "dataDir=", "clientPort=2181");
    }

    @Test
    void otherBadValues() throws IOException {
        String dd = "dataDir=" + dataDir();
        assertBad("tickTime=0 (line 1 of", "tickTime=0", dd, "clientPort=1");
        assertBad("maxClientCnxns=-3 (line 3 of", dd, "clientPort=1", "maxClientCnxns=-3");
        assertBad("forceSync=maybe (line 3 of", dd, "clientPort=1", "forceSync=maybe");
        assertBad("extendedTypesEnabled=yes (line 3 of", dd, "clientPort=1", "extendedTypesEnabled=yes");
        assertBad("jute.maxbuffer=0 (line 3 of", dd, "clientPort=1", "jute.maxbuffer=0");
        assertBad("electionAlg=1 (line 3 of", dd, "clientPort=1", "electionAlg=1");
        assertBad("peerType=leader (line 3 of", dd, "clientPort=1", "peerType=leader");
        assertBad("server.x=", dd, "clientPort=1", "server.x=a:1:2");
        assertBad("server.1=a:1 (line 3 of", dd, "clientPort=1", "server.1=a:1");
        assertBad("server.1=a:1:99999 (line 3 of", dd, "clientPort=1", "server.1=a:1:99999");
        assertBad("clientPortAddress=no.such.host.invalid (line 3 of", dd, "clientPort=1",
                "clientPortAddress=no.such.host.invalid");
        assertBad("DigestAuthenticationProvider.superDigest=nocolon (line 3 of", dd, "clientPort=1",
                "DigestAuthenticationProvider.superDigest=nocolon");
        assertBad("minSessionTimeout=-7 (line 3 of", dd, "clientPort=1", "minSessionTimeout=-7");
    }

    @Test
    void minusOneTimeoutMeansDefaultAsInZooKeeper() throws IOException {
        ServerConfig c = ServerConfig.load(cfg("dataDir=" + dataDir(), "clientPort=1", "minSessionTimeout=-1"));
        assertThat(c.minSessionTimeout()).isEqualTo(4000);
    }

    @Test
    void snapRetainCountBelowThreeIsRaised() throws IOException {
        ServerConfig c = ServerConfig.load(cfg("dataDir=" + dataDir(), "clientPort=1", "autopurge.snapRetainCount=1"));
        assertThat(c.storage().snapRetainCount()).isEqualTo(3);
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> ServerConfig.load(tmp.resolve("nope.cfg")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.cfg")
                .hasMessageContaining("does not exist");
    }

    // ---- properties, defaults, system properties ----

    @Test
    void fromPropertiesWithEphemeralPort() {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", dataDir());
        p.setProperty("4lw.commands.whitelist", "*");
        ServerConfig c = ServerConfig.fromProperties(p);
        assertThat(c.clientPort()).isZero();
        assertThat(c.tickTime()).isEqualTo(2000);
        assertThat(c.source()).isEqualTo("properties");
        assertThat(c.configFile()).isNull();
        assertThat(c.client().fourLetterWordWhitelist()).isEqualTo(EnumSet.allOf(FourLetterWord.class));
    }

    @Test
    void clientIoRunsOnTheCoreThreadOnSmallMachinesUnlessSet() {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", dataDir());
        ClientPortSettings unset = ServerConfig.fromProperties(p).client();
        assertThat(unset.ioThreads()).isEqualTo(-1);
        assertThat(unset.ioOnCoreThread(1)).isTrue();
        assertThat(unset.ioOnCoreThread(2)).isFalse();
        p.setProperty("paddock.clientPort.ioThreads", "0");
        assertThat(ServerConfig.fromProperties(p).client().ioOnCoreThread(16)).isTrue();
        p.setProperty("paddock.clientPort.ioThreads", "3");
        ClientPortSettings three = ServerConfig.fromProperties(p).client();
        assertThat(three.ioOnCoreThread(1)).isFalse();
        assertThat(three.ioThreads()).isEqualTo(3);
        p.setProperty("paddock.clientPort.ioThreads", "-2");
        assertThatThrownBy(() -> ServerConfig.fromProperties(p))
                .isInstanceOf(ConfigException.class)
                .hasMessage("paddock.clientPort.ioThreads=-2 (properties): must be at least 0");
    }

    @Test
    void sessionsMoveToTheCoreThreadOnUpToTwoCpusUnlessSet() {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", dataDir());
        ClientPortSettings unset = ServerConfig.fromProperties(p).client();
        assertThat(unset.sessionsOnCoreThread()).isNull();
        assertThat(unset.sessionsOnCoreThread(1)).isFalse(); // all I/O is on the core thread already
        assertThat(unset.sessionsOnCoreThread(2)).isTrue();
        assertThat(unset.sessionsOnCoreThread(4)).isFalse();
        p.setProperty("paddock.clientPort.sessionsOnCoreThread", "true");
        assertThat(ServerConfig.fromProperties(p).client().sessionsOnCoreThread(16)).isTrue();
        p.setProperty("paddock.clientPort.ioThreads", "0");
        assertThat(ServerConfig.fromProperties(p).client().sessionsOnCoreThread(16)).isFalse();
        p.remove("paddock.clientPort.ioThreads");
        p.setProperty("paddock.clientPort.sessionsOnCoreThread", " FALSE ");
        assertThat(ServerConfig.fromProperties(p).client().sessionsOnCoreThread(2)).isFalse();
        p.setProperty("paddock.clientPort.sessionsOnCoreThread", "sometimes");
        assertThatThrownBy(() -> ServerConfig.fromProperties(p))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("paddock.clientPort.sessionsOnCoreThread=sometimes")
                .hasMessageContaining("must be true or false");
    }

    @Test
    void fromPropertiesBadValueNamesTheKey() {
        Properties p = new Properties();
        p.setProperty("clientPort", "x");
        p.setProperty("dataDir", dataDir());
        assertThatThrownBy(() -> ServerConfig.fromProperties(p))
                .isInstanceOf(ConfigException.class)
                .hasMessage("clientPort=x (properties): not a number");
    }

    @Test
    void embeddedDefaults() {
        ServerConfig c = ServerConfig.defaults(tmp);
        assertThat(c.clientPort()).isEqualTo(2181);
        assertThat(c.dataDir()).isEqualTo(tmp.resolve("data"));
        assertThat(c.tickTime()).isEqualTo(2000);
        assertThat(c.isEnsemble()).isFalse();
        assertThat(c.source()).isEqualTo("embedded defaults");
        assertThat(c.toCoreConfig()).as("stamps with the system clock")
                .isEqualTo(CoreConfig.defaults().withWallClock(ServerClock.SYSTEM_WALL));
    }

    @Test
    void systemPropertiesOverrideDefaultsButNotTheFile() throws IOException {
        System.setProperty("zookeeper.clientPort", "2999");
        System.setProperty("zookeeper.skipACL", "yes");
        System.setProperty("jute.maxbuffer", "2048");
        System.setProperty("readonlymode.enabled", "true");
        System.setProperty("znode.container.checkIntervalMs", "1234");
        System.setProperty("zookeeper.4lw.commands.whitelist", "ruok");
        ServerConfig d = ServerConfig.defaults(tmp);
        assertThat(d.clientPort()).isEqualTo(2999);
        assertThat(d.core().skipAcl()).isTrue();
        assertThat(d.juteMaxBuffer()).isEqualTo(2048);
        assertThat(d.client().readOnlyModeEnabled()).isTrue();
        assertThat(d.core().containerCheckIntervalMs()).isEqualTo(1234);
        assertThat(d.client().fourLetterWordWhitelist()).containsExactlyInAnyOrder(FourLetterWord.RUOK, FourLetterWord.SRVR,
                FourLetterWord.ISRO);

        ServerConfig f = ServerConfig.load(cfg("dataDir=" + dataDir(), "clientPort=2181", "jute.maxbuffer=4096"));
        assertThat(f.clientPort()).isEqualTo(2181); // the file wins
        assertThat(f.juteMaxBuffer()).isEqualTo(4096);
        assertThat(f.core().skipAcl()).isTrue(); // not in the file: the system property applies
    }

    @Test
    void zookeeperPrefixedPropertyBeatsTheBareOne() {
        System.setProperty("zookeeper.jute.maxbuffer", "1000");
        System.setProperty("jute.maxbuffer", "2000");
        assertThat(ServerConfig.defaults(tmp).juteMaxBuffer()).isEqualTo(1000);
    }

    @Test
    void badSystemPropertyNamesIt() {
        System.setProperty("zookeeper.tickTime", "fast");
        assertThatThrownBy(() -> ServerConfig.defaults(tmp))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tickTime=fast (system property zookeeper.tickTime): not a number");
    }

    @Test
    void unknownFourLetterWordsInTheWhitelistAreIgnored() throws IOException {
        ServerConfig c = ServerConfig.load(cfg("dataDir=" + dataDir(), "clientPort=1",
                "4lw.commands.whitelist=ruok,bogus,,"));
        assertThat(c.client().fourLetterWordWhitelist()).containsExactlyInAnyOrder(FourLetterWord.RUOK, FourLetterWord.SRVR);
    }
}

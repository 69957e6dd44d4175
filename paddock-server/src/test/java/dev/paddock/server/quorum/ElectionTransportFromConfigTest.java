package dev.paddock.server.quorum;

import dev.paddock.security.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.server.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pseudo-cluster's zoo.cfg files give each server the election port and peers it needs. */
class ElectionTransportFromConfigTest {
    @TempDir
    Path tmp;


    private ServerConfig config(int id, List<String> serverLines) throws IOException {
        Path data = Files.createDirectories(tmp.resolve("zk" + id));
        Files.writeString(data.resolve("myid"), Integer.toString(id));
        List<String> lines = new ArrayList<>(List.of("tickTime=100", "initLimit=7", "syncLimit=2", "cnxTimeout=1500",
                "dataDir=" + data, "clientPort=" + (21810 + id)));
        lines.addAll(serverLines);
        Path f = tmp.resolve("zoo" + id + ".cfg");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return ServerConfig.load(f);
    }

    @Test
    void optionsFromTheEnsembleConfig() throws IOException {
        ServerConfig c = config(2, List.of("server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:2889:3889",
                "server.3=[::1]:2890:3890:observer"));
        ElectionOptions o = ElectionOptions.forEnsemble(c.ensemble(), c.tickTime());
        assertThat(o.mySid()).isEqualTo(2);
        assertThat(o.bindAddresses()).containsExactly(new InetSocketAddress("127.0.0.1", 3889));
        assertThat(o.advertisedAddresses()).containsExactly("127.0.0.1:3889");
        assertThat(o.peers()).containsOnlyKeys(1L, 3L);
        assertThat(o.peers().get(3L)).containsExactly(InetSocketAddress.createUnresolved("::1", 3890));
        assertThat(o.cnxTimeoutMs()).isEqualTo(1500);
        assertThat(o.handshakeTimeoutMs()).isEqualTo(200); // syncLimit ticks, ZooKeeper's quorum socket timeout
        assertThat(o.multiAddress()).isFalse();
        assertThat(o.sendCapacity()).isEqualTo(1);
    }

    @Test
    void everyAddressOfAMultiAddressServerIsListenedOnAndAdvertised() throws IOException {
        ServerConfig c = config(1, List.of("multiAddress.enabled=true", "server.1=127.0.0.1:2888:3888|127.0.0.2:2888:3888",
                "server.2=127.0.0.1:2889:3889", "server.3=127.0.0.1:2890:3890"));
        ElectionOptions o = ElectionOptions.forEnsemble(c.ensemble(), c.tickTime());
        assertThat(o.bindAddresses()).containsExactly(new InetSocketAddress("127.0.0.1", 3888),
                new InetSocketAddress("127.0.0.2", 3888));
        assertThat(o.advertisedAddresses()).containsExactly("127.0.0.1:3888", "127.0.0.2:3888");
        assertThat(o.multiAddress()).isTrue();

        ServerConfig all = config(1, List.of("quorumListenOnAllIPs=true", "multiAddress.enabled=true",
                "server.1=127.0.0.1:2888:3888|127.0.0.2:2888:3888", "server.2=127.0.0.1:2889:3889",
                "server.3=127.0.0.1:2890:3890"));
        assertThat(ElectionOptions.forEnsemble(all.ensemble(), all.tickTime()).bindAddresses())
                .containsExactly(new InetSocketAddress(3888));
    }

    @Test
    void aTransportListensOnEveryBindAddress() throws IOException {
        ElectionOptions o = new ElectionOptions(1, List.of(new InetSocketAddress("127.0.0.1", FreePorts.next()),
                new InetSocketAddress("127.0.0.1", FreePorts.next())), List.of(), java.util.Map.of(), true, 1000, 1000, 1,
                ElectionWire.MAX_FRAME_BYTES);
        try (ElectionTransport t = ElectionTransport.start(o, new ElectionInbox())) {
            for (InetSocketAddress a : o.bindAddresses()) {
                try (java.net.Socket s = new java.net.Socket(a.getAddress(), a.getPort())) {
                    assertThat(s.isConnected()).isTrue();
                }
            }
        }
    }

    @Test
    void threeServersFromTheirZooCfgFilesElectOverLoopback() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            lines.add("server." + id + "=127.0.0.1:" + FreePorts.next() + ":" + FreePorts.next());
        }
        List<ElectionTransport> transports = new ArrayList<>();
        List<ElectionInbox> inboxes = new ArrayList<>();
        try {
            for (int id = 1; id <= 3; id++) {
                ServerConfig c = config(id, lines);
                ElectionInbox inbox = new ElectionInbox();
                inboxes.add(inbox);
                transports.add(ElectionTransport.start(ElectionOptions.forEnsemble(c.ensemble(),
                        c.tickTime()), inbox));
            }
            for (ElectionTransport t : transports) {
                for (long to = 1; to <= 3; to++) {
                    t.send(to, ("vote of " + t.mySid()).getBytes(StandardCharsets.UTF_8));
                }
            }
            for (ElectionInbox inbox : inboxes) {
                java.util.Set<Long> from = new java.util.HashSet<>();
                while (from.size() < 3) {
                    ElectionMessage m = inbox.poll(10, TimeUnit.SECONDS);
                    assertThat(m).isNotNull();
                    assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("vote of " + m.fromSid());
                    from.add(m.fromSid());
                }
                assertThat(from).containsExactlyInAnyOrder(1L, 2L, 3L);
            }
        } finally {
            for (ElectionTransport t : transports) {
                t.close();
            }
        }
    }
}

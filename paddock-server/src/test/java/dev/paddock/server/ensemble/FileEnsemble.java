package dev.paddock.server.ensemble;

import dev.paddock.security.FreePorts;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.zookeeper.client.FourLetterWordMain;

/**
 * Paddock servers in this JVM, each started from its own zoo.cfg file (so that reconfiguration rewrites real
 * files), with reconfigEnabled and a super user (super:test). Ports are picked per server as it is declared.
 */
final class FileEnsemble implements AutoCloseable {
    static final String SUPER_DIGEST = "super:D/InIHSb7yEEbrWz8b9l71RjZJU=";

    private final Path root;
    private final Map<Long, int[]> ports = new TreeMap<>();
    private final Map<Long, PaddockServer> servers = new TreeMap<>();

    FileEnsemble(Path root) {
        this.root = root;
    }

    /** Declares server {@code sid} (client, quorum and election ports). */
    FileEnsemble declare(long sid) throws IOException {
        ports.put(sid, new int[] {FreePorts.next(), FreePorts.next(), FreePorts.next()});
        return this;
    }

    /** {@code server.N=127.0.0.1:q:e:role;127.0.0.1:c}. */
    String line(long sid, String role) {
        int[] p = ports.get(sid);
        return "server." + sid + "=127.0.0.1:" + p[1] + ":" + p[2] + ":" + role + ";127.0.0.1:" + p[0];
    }

    /** The value of {@link #line} (what a reconfig's joiningServers entry holds after "server.N="). */
    String spec(long sid, String role) {
        String l = line(sid, role);
        return l.substring(l.indexOf('=') + 1);
    }

    Path zooCfg(long sid) {
        return root.resolve("zoo-" + sid + ".cfg");
    }

    /** Starts {@code sid} with the given server lines in its zoo.cfg. */
    PaddockServer start(long sid, Collection<String> serverLines) throws IOException {
        return start(sid, serverLines, List.of());
    }

    /** As above, with {@code extra} lines (e.g. standaloneEnabled=false) in zoo.cfg. */
    PaddockServer start(long sid, Collection<String> serverLines, List<String> extra) throws IOException {
        Path dataDir = root.resolve("s" + sid);
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("myid"), Long.toString(sid), StandardCharsets.US_ASCII);
        List<String> cfg = new ArrayList<>(List.of("tickTime=200", "initLimit=10", "syncLimit=5",
                "dataDir=" + dataDir, "reconfigEnabled=true", "4lw.commands.whitelist=*",
                "DigestAuthenticationProvider.superDigest=" + SUPER_DIGEST, "admin.enableServer=true",
                "admin.serverPort=0"));
        cfg.addAll(extra);
        cfg.addAll(serverLines);
        Files.write(zooCfg(sid), cfg, StandardCharsets.ISO_8859_1);
        PaddockServer s = PaddockServer.start(ServerConfig.load(zooCfg(sid)));
        servers.put(sid, s);
        return s;
    }

    void stop(long sid) {
        PaddockServer s = servers.remove(sid);
        if (s != null) {
            s.close();
        }
    }

    /** host:port of each given server, comma-separated. */
    String connect(long... sids) {
        StringBuilder sb = new StringBuilder();
        for (long sid : sids) {
            sb.append(sb.length() == 0 ? "" : ",").append("127.0.0.1:").append(ports.get(sid)[0]);
        }
        return sb.toString();
    }

    /** A four-letter word's answer from {@code sid}. */
    String fourLetterWord(long sid, String word) throws Exception {
        return FourLetterWordMain.send4LetterWord("127.0.0.1", ports.get(sid)[0], word, false, 5000);
    }

    /** An admin command's JSON answer from {@code sid} (its admin server listens on an ephemeral port). */
    String admin(long sid, String command) throws IOException, InterruptedException {
        java.net.InetSocketAddress a = servers.get(sid).adminAddress();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + a.getPort()
                        + "/commands/" + command)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** srvr's Mode line ("leader", "follower", "observer") or null when the server does not answer. */
    String mode(long sid) {
        try {
            String srvr = fourLetterWord(sid, "srvr");
            for (String l : srvr.split("\n")) {
                if (l.startsWith("Mode: ")) {
                    return l.substring(6).trim();
                }
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        servers.values().forEach(PaddockServer::close);
        servers.clear();
    }
}

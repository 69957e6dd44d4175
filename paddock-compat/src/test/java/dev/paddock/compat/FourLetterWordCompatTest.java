package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

/** Four-letter words over a raw socket: exact short answers, and line structure (not numbers) of reports. */
class FourLetterWordCompatTest extends CompatBase {

    private String flw(String cmd) throws Exception {
        return RawSession.fourLetterWord(server.clientPort(), cmd);
    }

    /** Replaces every number with N so only the structure remains. */
    static String shape(String text) {
        return text.replaceAll("0x[0-9a-fA-F]+", "X").replaceAll("\\d+(\\.\\d+)?", "N");
    }

    static List<String> keys(String text) {
        return Arrays.stream(text.split("\n")).map(l -> l.contains(":") ? l.substring(0, l.indexOf(':')) : l).toList();
    }

    @CompatTest
    void ruok(ServerUnderTest s) throws Exception {
        assertThat(flw("ruok")).isEqualTo("imok");
    }

    @CompatTest
    void isro(ServerUnderTest s) throws Exception {
        assertThat(flw("isro")).isEqualTo("rw");
    }

    @CompatTest
    void srvr(ServerUnderTest s) throws Exception {
        String out = flw("srvr");
        assertThat(keys(out)).containsExactly("Zookeeper version", "Latency min/avg/max", "Received", "Sent",
            "Connections", "Outstanding", "Zxid", "Mode", "Node count");
        assertThat(out).startsWith("Zookeeper version: 3.9.3");
        assertThat(out).contains("\nMode: standalone\n");
        assertThat(out).endsWith("\n");
        assertThat(out).containsPattern("\nZxid: 0x[0-9a-f]+\n");
        assertThat(out).containsPattern("\nLatency min/avg/max: \\d+/\\d+\\.\\d+/\\d+\n");
        assertThat(out).containsPattern("\nNode count: \\d+\n");
    }

    @CompatTest
    void stat(ServerUnderTest s) throws Exception {
        String out = flw("stat");
        String[] lines = out.split("\n");
        assertThat(lines[0]).startsWith("Zookeeper version: 3.9.3");
        assertThat(lines[1]).isEqualTo("Clients:");
        // one line per connection, then a blank line, then the srvr report without its version line
        assertThat(out).containsPattern("\n /127\\.0\\.0\\.1:\\d+\\[\\d+\\]\\(queued=\\d+,recved=\\d+,sent=\\d+\\)\n");
        int blank = Arrays.asList(lines).indexOf("");
        assertThat(blank).isGreaterThan(2);
        assertThat(keys(String.join("\n", Arrays.copyOfRange(lines, blank + 1, lines.length)))).containsExactly(
            "Latency min/avg/max", "Received", "Sent", "Connections", "Outstanding", "Zxid", "Mode", "Node count");
    }

    @CompatTest
    void mntr(ServerUnderTest s) throws Exception {
        String out = flw("mntr");
        List<String> lines = Arrays.asList(out.split("\n"));
        assertThat(lines).allMatch(l -> l.matches("zk_[A-Za-z0-9_.\\-]+\t.*"), "key<TAB>value lines");
        List<String> keys = lines.stream().map(l -> l.substring(0, l.indexOf('\t'))).toList();
        assertThat(keys.subList(0, 2)).containsExactly("zk_version", "zk_server_state");
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(keys).contains("zk_ephemerals_count", "zk_num_alive_connections", "zk_avg_latency",
            "zk_outstanding_requests", "zk_min_latency", "zk_znode_count", "zk_watch_count",
            "zk_approximate_data_size", "zk_packets_received", "zk_packets_sent", "zk_max_latency",
            "zk_open_file_descriptor_count", "zk_max_file_descriptor_count");
        assertThat(out).contains("zk_server_state\tstandalone\n");
        assertThat(out).startsWith("zk_version\t3.9.3");
    }

    @CompatTest
    void mntrKeyOrderMatchesZooKeeper(ServerUnderTest s) throws Exception {
        List<String> keys = Arrays.stream(flw("mntr").split("\n")).map(l -> l.substring(0, l.indexOf('\t'))).toList();
        assertThat(keys.subList(0, 6)).containsExactly("zk_version", "zk_server_state", "zk_ephemerals_count",
            "zk_num_alive_connections", "zk_avg_latency", "zk_outstanding_requests");
    }

    @CompatTest
    void conf(ServerUnderTest s) throws Exception {
        String out = flw("conf");
        assertThat(out).containsPattern("(?m)^clientPort=" + s.clientPort() + "$");
        assertThat(out).containsPattern("(?m)^tickTime=2000$");
        assertThat(out).containsPattern("(?m)^maxClientCnxns=60$");
        assertThat(out).containsPattern("(?m)^minSessionTimeout=4000$");
        assertThat(out).containsPattern("(?m)^maxSessionTimeout=40000$");
        assertThat(out).containsPattern("(?m)^serverId=0$");
    }

    @CompatTest
    void envi(ServerUnderTest s) throws Exception {
        String out = flw("envi");
        assertThat(out).startsWith("Environment:\n");
        assertThat(out).containsPattern("(?m)^zookeeper.version=3.9.3");
        assertThat(out).containsPattern("(?m)^java.version=");
    }

    @CompatTest
    void wchsAndCons(ServerUnderTest s) throws Exception {
        zk.getData(root, e -> { }, null);
        String wchs = flw("wchs");
        assertThat(wchs).matches("\\d+ connections watching \\d+ paths\nTotal watches:\\d+\n");
        String cons = flw("cons");
        assertThat(cons).containsPattern("(?m)^ /127\\.0\\.0\\.1:\\d+\\[\\d+\\]\\(queued=\\d+,recved=\\d+,sent=\\d+");
        assertThat(cons).endsWith("\n\n");
    }

    @CompatTest
    void consLineOfASessionHasZooKeepersFields(ServerUnderTest s) throws Exception {
        zk.getData(root, false, null);
        String sid = "0x" + Long.toHexString(zk.getSessionId());
        String line = Arrays.stream(flw("cons").split("\n")).filter(l -> l.contains("sid=" + sid + ",")).findFirst()
            .orElseThrow(() -> new AssertionError("no cons line for session " + sid));
        List<String> fields = Arrays.stream(line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')).split(","))
            .map(f -> f.substring(0, f.indexOf('='))).toList();
        assertThat(fields).containsExactly("queued", "recved", "sent", "sid", "lop", "est", "to", "lcxid", "lzxid",
            "lresp", "llat", "minlat", "avglat", "maxlat");
        assertThat(line).contains(",lop=GETD,").contains(",to=30000,");
    }

    @CompatTest
    void wchcAndWchpListTheWatch(ServerUnderTest s) throws Exception {
        zk.getData(root, e -> { }, null);
        String wchp = flw("wchp");
        assertThat(wchp).contains(root + "\n\t0x" + Long.toHexString(zk.getSessionId()) + "\n");
        String wchc = flw("wchc");
        assertThat(wchc).contains("0x" + Long.toHexString(zk.getSessionId()) + "\n\t" + root + "\n");
    }

    @CompatTest
    void dumpListsEphemerals(ServerUnderTest s) throws Exception {
        zk.create(path("e"), new byte[0], org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
            org.apache.zookeeper.CreateMode.EPHEMERAL);
        String out = flw("dump");
        assertThat(out).startsWith("SessionTracker dump:\n");
        assertThat(out).contains("ephemeral nodes dump:\n");
        assertThat(out).contains("0x" + Long.toHexString(zk.getSessionId()) + ":\n\t" + path("e") + "\n");
    }

    @CompatTest
    void srstResetsCounters(ServerUnderTest s) throws Exception {
        assertThat(flw("srst")).isEqualTo("Server stats reset.\n");
        assertThat(flw("crst")).isEqualTo("Connection stats reset.\n");
    }

    @CompatTest
    void dirs(ServerUnderTest s) throws Exception {
        assertThat(flw("dirs")).matches("datadir_size: \\d+\nlogdir_size: \\d+\n");
    }

    @CompatTest
    void gtmk(ServerUnderTest s) throws Exception {
        assertThat(flw("gtmk")).matches("\\d+");
    }

    @CompatTest
    void stmkSetsTheMaskGtmkReads(ServerUnderTest s) throws Exception {
        String before = flw("gtmk");
        try {
            assertThat(stmk(0x1F2)).isEqualTo("498");
            assertThat(flw("gtmk")).isEqualTo("498");
        } finally {
            stmk(Long.parseLong(before));
        }
    }

    private String stmk(long mask) throws Exception {
        try (java.net.Socket sock = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.clientPort())) {
            sock.setSoTimeout(10_000);
            // one segment: ZooKeeper reads the mask right after the word, without waiting for more bytes
            byte[] msg = java.nio.ByteBuffer.allocate(12).put("stmk".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putLong(mask).array();
            sock.getOutputStream().write(msg);
            sock.getOutputStream().flush();
            return new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @CompatTest
    void hashListsZxidDigestLines(ServerUnderTest s) throws Exception {
        zk.setData(root, new byte[1], -1);
        String out = flw("hash");
        assertThat(out).matches("([0-9a-f]+: \\d+\n)*");
    }

    @CompatTest
    void shapeOfSrvrIsStable(ServerUnderTest s) throws Exception {
        assertThat(shape(flw("srvr")).split("\n")).hasSize(9);
    }
}

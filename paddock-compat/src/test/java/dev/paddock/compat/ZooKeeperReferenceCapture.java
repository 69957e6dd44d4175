package dev.paddock.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * Captures ZooKeeper 3.9.3's real admin-command answers and Prometheus scrapes into a directory (by default
 * /work/notes/zk-reference), for the people writing Paddock's side to read. Run as a program from the test
 * classpath: {@code java -cp <test classpath> dev.paddock.compat.ZooKeeperReferenceCapture [dir]}.
 */
public final class ZooKeeperReferenceCapture {
    private final Path out;
    private final List<String> status = new ArrayList<>();

    private ZooKeeperReferenceCapture(Path out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "/work/notes/zk-reference");
        Files.createDirectories(out.resolve("admin"));
        ZooKeeperReferenceCapture c = new ZooKeeperReferenceCapture(out);
        try (ZooKeeperProcess zk = ZooKeeperProcess.start(ZooKeeperProcess.Options.adminOnly());
             OpsWorkload w = OpsWorkload.apply(zk.connectString())) {
            c.standalone(zk, w);
        }
        for (boolean jvm : new boolean[] {true, false}) {
            try (ZooKeeperProcess zk = ZooKeeperProcess.start(ZooKeeperProcess.Options.withMetrics(jvm));
                 OpsWorkload w = OpsWorkload.apply(zk.connectString())) {
                c.save(jvm ? "metrics.txt" : "metrics-nojvm.txt",
                    AdminHttp.get("127.0.0.1", zk.metricsPort(), "/metrics").body());
                c.save(jvm ? "admin/monitor-prometheus.json" : "admin/monitor-prometheus-nojvm.json",
                    zk.admin().get("/commands/monitor").body());
            }
        }
        Files.write(out.resolve("admin/STATUS.txt"), c.status, StandardCharsets.UTF_8);
        System.out.println("captured into " + out);
    }

    private void standalone(ZooKeeperProcess zk, OpsWorkload w) throws Exception {
        AdminHttp admin = zk.admin();
        AdminHttp.Reply listing = record("GET", "/commands", admin.get("/commands"), "the listing page");
        save("admin/commands.html", listing.body());
        record("GET", "/commands/", admin.get("/commands/"), "same listing");
        List<AdminCommandCatalog.Command> resets = new ArrayList<>();
        for (AdminCommandCatalog.Command c : AdminCommandCatalog.plainGets()) {
            if (c.primary().endsWith("reset")) {
                resets.add(c);
                continue;
            }
            runGet(admin, c);
        }
        save("admin/set_trace_mask-noarg.json", record("GET", "/commands/set_trace_mask",
            admin.get("/commands/set_trace_mask"), "no traceMask argument").body());
        save("admin/set_trace_mask.json", record("GET", "/commands/set_trace_mask?traceMask=0",
            admin.get("/commands/set_trace_mask?traceMask=0"), "").body());
        save("admin/set_trace_mask-bad.json", record("GET", "/commands/set_trace_mask?traceMask=x",
            admin.get("/commands/set_trace_mask?traceMask=x"), "not a number").body());
        resets.forEach(c -> runGet(admin, c));
        save("admin/unknown.json", record("GET", "/commands/nosuch", admin.get("/commands/nosuch"), "unknown").body());
        save("admin/unknown-post.json", record("POST", "/commands/nosuch",
            admin.post("/commands/nosuch", new byte[0]), "unknown, POST").body());
        save("admin/ruok-post.json", record("POST", "/commands/ruok", admin.post("/commands/ruok", new byte[0]),
            "a GET command asked with POST").body());
        for (String method : List.of("PUT", "DELETE", "TRACE", "HEAD", "OPTIONS")) {
            record(method, "/commands/ruok", admin.send(method, "/commands/ruok", null), "");
        }
        record("GET", "/nosuch", admin.get("/nosuch"), "outside the command URL");
        snapshotAndRestore(admin);
        authorization(zk, admin, w);
    }

    private void runGet(AdminHttp admin, AdminCommandCatalog.Command c) {
        String path = "/commands/" + c.primary();
        save("admin/" + c.primary() + ".json", record("GET", path, admin.get(path), "").body());
        for (String alias : c.names().subList(1, c.names().size())) {
            AdminHttp.Reply r = admin.get("/commands/" + alias);
            record("GET", "/commands/" + alias, r, "alias of " + c.primary() + ", answers with command="
                + (r.body().contains("\"command\" : \"" + c.primary() + "\"") ? c.primary() : "?"));
        }
    }

    private static final String SUPER = "digest super:" + ServerUnderTest.SUPER_PASSWORD;

    private void snapshotAndRestore(AdminHttp admin) {
        save("admin/snapshot-noauth.json", record("GET", "/commands/snapshot", admin.get("/commands/snapshot"),
            "no Authorization header").body());
        record("GET", "/commands/snapshot", admin.get("/commands/snapshot", "Authorization", "nosuchscheme x"),
            "Authorization: nosuchscheme x");
        record("GET", "/commands/snapshot", admin.get("/commands/snapshot", "Authorization", "digest a b c"),
            "Authorization: digest a b c (three parts)");
        AdminHttp.Reply meta = admin.getPastRateLimit("/commands/snapshot?streaming=false",
            "Authorization", SUPER);
        record("GET", "/commands/snapshot?streaming=false", meta, "Authorization: digest super:<password>; headers"
            + " last_zxid=" + meta.header("last_zxid") + " snapshot_size=" + meta.header("snapshot_size"));
        save("admin/snapshot.json", meta.body());
        AdminHttp.Reply stream = admin.getPastRateLimit("/commands/snapshot", "Authorization", SUPER);
        record("GET", "/commands/snapshot", stream, "Authorization: digest super:<password>; streamed "
            + stream.bytes().length + " bytes; headers last_zxid=" + stream.header("last_zxid") + " snapshot_size="
            + stream.header("snapshot_size"));
        AdminHttp.Reply anyUser = admin.getPastRateLimit("/commands/snapshot?streaming=false",
            "Authorization", "digest bob:wrong");
        record("GET", "/commands/snapshot?streaming=false", anyUser,
            "Authorization: digest bob:wrong while / has world:anyone ALL (any authenticated id passes)");
        save("admin/restore-get.json", record("GET", "/commands/restore", admin.get("/commands/restore"),
            "a POST command asked with GET").body());
        save("admin/restore-get-auth.json", record("GET", "/commands/restore",
            admin.get("/commands/restore", "Authorization", SUPER), "a POST command asked with GET, with auth").body());
        save("admin/restore-noauth.json", record("POST", "/commands/restore",
            admin.post("/commands/restore", stream.bytes()), "no Authorization header").body());
        save("admin/restore.json", record("POST", "/commands/restore",
            admin.post("/commands/restore", stream.bytes(), "Authorization", SUPER),
            "Authorization: digest super:<password>, body = the streamed snapshot").body());
        save("admin/restore-again.json", record("POST", "/commands/restore",
            admin.post("/commands/restore", stream.bytes(), "Authorization", SUPER),
            "a second restore at once (rate limit: one per zookeeper.admin.rateLimiterIntervalInMS, 5 min)").body());
        save("admin/restore-empty.json", record("POST", "/commands/restore",
            admin.post("/commands/restore", new byte[0], "Authorization", SUPER), "empty body").body());
    }

    /**
     * Restricts "/" to alice (ALL), reader (READ) and ip:10.1.2.3 (ALL), then asks snapshot as each. ZooKeeper 3.9.3
     * grants a command if any one of the bits in ALL is granted (CVE-2025-58457, fixed in 3.9.4: every bit).
     */
    private void authorization(ZooKeeperProcess zk, AdminHttp admin, OpsWorkload w) throws Exception {
        ZooKeeper su = w.first;
        su.addAuthInfo("digest", ("super:" + ServerUnderTest.SUPER_PASSWORD).getBytes(StandardCharsets.UTF_8));
        su.setACL("/", new ArrayList<>(List.of(
            new ACL(ZooDefs.Perms.ALL, new Id("digest", Digests.digest("alice", "alice-pw"))),
            new ACL(ZooDefs.Perms.READ, new Id("digest", Digests.digest("reader", "reader-pw"))),
            new ACL(ZooDefs.Perms.ALL, new Id("ip", "10.1.2.3")))), -1);
        String snap = "/commands/snapshot?streaming=false";
        authCase(admin, snap, "/ restricted; no header", new String[0]);
        authCase(admin, snap, "/ restricted; digest bob:pw (no ACL entry)", "Authorization", "digest bob:pw");
        authCase(admin, snap, "/ restricted; digest alice:wrong-pw", "Authorization", "digest alice:wrong-pw");
        authCase(admin, snap, "/ restricted; digest reader:reader-pw (READ only: CVE-2025-58457, 3.9.4+ says 403)",
            "Authorization", "digest reader:reader-pw");
        authCase(admin, snap, "/ restricted; digest alice:alice-pw (ALL)", "Authorization", "digest alice:alice-pw");
        authCase(admin, snap, "/ restricted; super", "Authorization", SUPER);
        authCase(admin, snap, "/ restricted; ip from 127.0.0.1", "Authorization", "ip");
        authCase(admin, snap, "/ restricted; ip with spoofed X-Forwarded-For: 10.1.2.3 (CVE-2024-51504: not trusted)",
            "Authorization", "ip", "X-Forwarded-For", "10.1.2.3");
        save("admin/snapshot-forbidden.json", admin.get(snap, "Authorization", "digest bob:pw").body());
        save("admin/snapshot-not-authenticated.json", admin.get(snap, "Authorization", "nosuchscheme x").body());
        AdminHttp.Reply restore = admin.post("/commands/restore", new byte[0], "Authorization", "digest reader:reader-pw");
        record("POST", "/commands/restore", restore, "/ restricted; digest reader:reader-pw (READ only), empty body");
        su.setACL("/", ZooDefs.Ids.OPEN_ACL_UNSAFE, -1);
    }

    private void authCase(AdminHttp admin, String path, String note, String... headers) {
        record("GET", path, admin.getPastRateLimit(path, headers), note);
    }

    private AdminHttp.Reply record(String method, String path, AdminHttp.Reply r, String note) {
        String line = method + " " + path + " -> " + r.status() + " " + r.contentType()
            + (note.isEmpty() ? "" : "  # " + note);
        status.add(line);
        System.out.println(line);
        return r;
    }

    private void save(String name, String text) {
        try {
            Files.writeString(out.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The admin commands that need credentials (snapshot, restore: ALL on "/"), asked of ZooKeeper 3.9.3 and Paddock
 * alike: the Authorization header ({@code <scheme> <auth data>}), 401 without or with bad credentials, 403 when
 * the ACL of "/" says no, the X-Forwarded-For header not trusted (CVE-2024-51504), every bit of ALL required
 * (CVE-2025-58457: Paddock follows ZooKeeper 3.9.4's fix, where 3.9.3 grants on any one bit), and restore's
 * rate limit. Restore runs last: it replaces the tree.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminAuthCompatTest extends OpsCompatBase {
    private static final String SUPER = "digest super:" + ServerUnderTest.SUPER_PASSWORD;
    private static final String SNAPSHOT_META = "/commands/snapshot?streaming=false";

    @Override
    protected ZooKeeperProcess.Options options() {
        return ZooKeeperProcess.Options.adminOnly();
    }

    private record Pair(AdminHttp.Reply zk, AdminHttp.Reply paddock) {
    }

    private Pair snapshot(String... headers) {
        return new Pair(servers.zkAdmin().getPastRateLimit(SNAPSHOT_META, headers),
            servers.paddockAdmin().getPastRateLimit(SNAPSHOT_META, headers));
    }

    private void assertSame(String what, Pair p, int status) {
        assertSameAnswer(what, p.zk(), p.paddock(), status);
    }

    @Test
    @Order(1)
    void snapshotWithoutOrWithBadCredentialsIs401() {
        assertSame("no Authorization header", snapshot(), 401);
        assertThat(snapshot().paddock().body()).contains("Auth info is missing for the command");
        assertSame("an unknown scheme", snapshot("Authorization", "nosuchscheme data"), 401);
        assertThat(snapshot("Authorization", "nosuchscheme data").paddock().body()).contains("Not authenticated");
        assertSame("three parts", snapshot("Authorization", "digest a b c"), 401);
    }

    @Test
    @Order(2)
    void snapshotAsSuperStreamsTheTreeWithZxidAndSizeHeaders() {
        Pair meta = snapshot("Authorization", SUPER);
        assertSame("snapshot?streaming=false as super", meta, 200);
        for (AdminHttp.Reply r : List.of(meta.zk(), meta.paddock())) {
            assertThat(r.header("last_zxid")).as("last_zxid header").matches("0x[0-9a-f]+");
            assertThat(r.header("snapshot_size")).as("snapshot_size header").matches("[1-9]\\d*");
        }
        AdminHttp.Reply stream = servers.paddockAdmin().getPastRateLimit("/commands/snapshot", "Authorization", SUPER);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).isEqualTo(
            servers.zkAdmin().getPastRateLimit("/commands/snapshot", "Authorization", SUPER).contentType());
        assertThat(stream.bytes()).hasSize(Integer.parseInt(stream.header("snapshot_size")));
    }

    @Test
    @Order(3)
    void aclOfTheRootDecides() throws Exception {
        restrictRoot();
        try {
            assertSame("no header, / restricted", snapshot(), 401);
            assertSame("digest bob (no ACL entry)", snapshot("Authorization", "digest bob:pw"), 403);
            assertThat(snapshot("Authorization", "digest bob:pw").paddock().body()).contains("Not authorized");
            assertSame("digest alice, wrong password", snapshot("Authorization", "digest alice:wrong"), 403);
            assertSame("digest alice (ALL)", snapshot("Authorization", "digest alice:alice-pw"), 200);
            assertSame("super", snapshot("Authorization", SUPER), 200);
            assertSame("ip 127.0.0.1 (no ACL entry)", snapshot("Authorization", "ip"), 403);
            // CVE-2024-51504: X-Forwarded-For names the allowed 10.1.2.3, but the peer is 127.0.0.1 and the
            // header is not trusted (ZooKeeper trusts it only with usexforwardedfor=true)
            assertSame("ip, spoofed X-Forwarded-For", snapshot("Authorization", "ip", "X-Forwarded-For", "10.1.2.3"),
                403);
            // CVE-2025-58457: reader holds READ only. ZooKeeper 3.9.3 grants a command needing ALL when any one bit
            // matches; 3.9.4 requires every bit, and Paddock follows the fix
            Pair reader = snapshot("Authorization", "digest reader:reader-pw");
            assertThat(reader.zk().status()).as("ZooKeeper 3.9.3, READ-only identity").isEqualTo(200);
            assertThat(reader.paddock().status()).as("Paddock, READ-only identity: %s", reader.paddock().body())
                .isEqualTo(403);
            AdminHttp.Reply restore = servers.paddockAdmin().post("/commands/restore", new byte[0],
                "Authorization", "digest reader:reader-pw");
            assertThat(restore.status()).as("Paddock restore, READ-only identity: %s", restore.body()).isEqualTo(403);
        } finally {
            openRoot();
        }
    }

    private void restrictRoot() throws Exception {
        List<ACL> acl = new ArrayList<>(List.of(
            new ACL(ZooDefs.Perms.ALL, new Id("digest", Digests.digest("alice", "alice-pw"))),
            new ACL(ZooDefs.Perms.READ, new Id("digest", Digests.digest("reader", "reader-pw"))),
            new ACL(ZooDefs.Perms.ALL, new Id("ip", "10.1.2.3"))));
        for (ZooKeeper zk : List.of(servers.zkWork.first, servers.paddockWork.first)) {
            zk.setACL("/", acl, -1);
        }
    }

    private void openRoot() throws Exception {
        for (ZooKeeper zk : List.of(servers.zkWork.first, servers.paddockWork.first)) {
            zk.addAuthInfo("digest", ("super:" + ServerUnderTest.SUPER_PASSWORD).getBytes(StandardCharsets.UTF_8));
            zk.setACL("/", ZooDefs.Ids.OPEN_ACL_UNSAFE, -1);
        }
    }

    @Test
    @Order(4)
    void restoreNeedsAuthThenRestoresThenIsRateLimited() {
        byte[] zkSnap = servers.zkAdmin().getPastRateLimit("/commands/snapshot", "Authorization", SUPER).bytes();
        byte[] paddockSnap = servers.paddockAdmin().getPastRateLimit("/commands/snapshot", "Authorization", SUPER)
            .bytes();
        assertSame("restore without credentials", new Pair(servers.zkAdmin().post("/commands/restore", zkSnap),
            servers.paddockAdmin().post("/commands/restore", paddockSnap)), 401);
        assertSame("restore as super", new Pair(
            servers.zkAdmin().post("/commands/restore", zkSnap, "Authorization", SUPER),
            servers.paddockAdmin().post("/commands/restore", paddockSnap, "Authorization", SUPER)), 200);
        assertSame("a second restore at once", new Pair(
            servers.zkAdmin().post("/commands/restore", zkSnap, "Authorization", SUPER),
            servers.paddockAdmin().post("/commands/restore", paddockSnap, "Authorization", SUPER)), 429);
    }
}

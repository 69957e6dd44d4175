package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * ZooKeeper's client-port CVEs, each as a test that both servers must pass. CVE-2019-0201 (getACL masks digests
 * without ADMIN) is {@link AclCompatTest}; the AdminServer's (CVE-2024-51504, CVE-2025-58457) are
 * {@link AdminForwardedForCompatTest} and {@link AdminAuthCompatTest}; the quorum's are in the mixed-ensemble
 * security tests.
 */
@ServerSettings(fourLetterWhitelist = ServerSettings.UNSET)
class SecurityCveCompatTest extends CompatBase {

    /**
     * CVE-2017-5637: wchc and wchp walk every watch and could be used to burn a server's CPU. Since the fix they,
     * like every word but srvr, run only when an operator whitelists them.
     */
    @CompatTest
    void watchDumpsAreOffUnlessWhitelisted(ServerUnderTest s) throws Exception {
        for (String word : List.of("wchc", "wchp", "wchs", "cons", "dump", "stat", "mntr", "conf", "envi")) {
            assertThat(RawSession.fourLetterWord(s.clientPort(), word)).as(word)
                .isEqualTo(word + " is not executed because it is not in the whitelist.\n");
        }
        assertThat(RawSession.fourLetterWord(s.clientPort(), "srvr")).startsWith("Zookeeper version: ");
    }

    /**
     * CVE-2024-23944: a persistent recursive watch on an ancestor used to report events of descendants the
     * watcher may not read. Events for nodes without READ for the watcher are now dropped; a watcher with READ
     * still gets them.
     */
    @CompatTest
    void recursiveWatchSkipsNodesTheWatcherMayNotRead(ServerUnderTest s) throws Exception {
        zk.addAuthInfo("digest", "owner:pw".getBytes());
        List<ACL> ownerOnly = new ArrayList<>(List.of(new ACL(Perms.ALL, new Id("digest", Digests.digest("owner", "pw")))));

        Events stranger = new Events();
        ZooKeeper strangerClient = connect();
        strangerClient.addWatch(root, stranger, AddWatchMode.PERSISTENT_RECURSIVE);
        Events owner = new Events();
        ZooKeeper ownerClient = connect();
        ownerClient.addAuthInfo("digest", "owner:pw".getBytes());
        ownerClient.addWatch(root, owner, AddWatchMode.PERSISTENT_RECURSIVE);
        roundTrip(strangerClient);
        roundTrip(ownerClient);

        String secret = zk.create(path("secret"), "s".getBytes(), ownerOnly, CreateMode.PERSISTENT);
        zk.setData(secret, "t".getBytes(), -1);
        zk.delete(secret, -1);
        String open = zk.create(path("open"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        owner.expect(EventType.NodeCreated, secret);
        owner.expect(EventType.NodeDataChanged, secret);
        owner.expect(EventType.NodeDeleted, secret);
        owner.expect(EventType.NodeCreated, open);
        // the stranger's events come in order on one connection: once "open" is there, nothing came before it
        stranger.expect(EventType.NodeCreated, open);
        roundTrip(strangerClient);
        assertThat(stranger.drain()).isEmpty();
    }

    private static void roundTrip(ZooKeeper c) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        c.exists("/", false, (rc, p, ctx, st) -> done.complete(null), null);
        done.get(10, TimeUnit.SECONDS);
    }
}

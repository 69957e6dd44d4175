package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.Test;

/**
 * {@code IPAuthenticationProvider.usexforwardedfor=true}: ZooKeeper then takes the client address of the ip scheme
 * from the first X-Forwarded-For entry. Paddock never does (docs/operations.md, Admin server: "X-Forwarded-For is
 * never trusted, CVE-2024-51504") — a deliberate difference, asserted here.
 */
class AdminForwardedForCompatTest extends OpsCompatBase {

    @Override
    protected ZooKeeperProcess.Options options() {
        return new ZooKeeperProcess.Options(false, false, Map.of("IPAuthenticationProvider.usexforwardedfor", "true"));
    }

    @Test
    void zooKeeperTrustsForwardedForWhenConfiguredPaddockNever() throws Exception {
        List<ACL> acl = new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("ip", "10.1.2.3")),
            new ACL(ZooDefs.Perms.ALL, new Id("digest", Digests.digest("super", ServerUnderTest.SUPER_PASSWORD)))));
        List<ZooKeeper> clients = List.of(servers.zkWork.first, servers.paddockWork.first);
        for (ZooKeeper zk : clients) {
            zk.addAuthInfo("digest", ("super:" + ServerUnderTest.SUPER_PASSWORD).getBytes(StandardCharsets.UTF_8));
            zk.setACL("/", acl, -1);
        }
        try {
            String path = "/commands/snapshot?streaming=false";
            String[] spoofed = {"Authorization", "ip", "X-Forwarded-For", "10.1.2.3"};
            assertThat(servers.zkAdmin().getPastRateLimit(path, spoofed).status()).as("ZooKeeper, usexforwardedfor")
                .isEqualTo(200);
            AdminHttp.Reply paddock = servers.paddockAdmin().getPastRateLimit(path, spoofed);
            assertThat(paddock.status()).as("Paddock ignores X-Forwarded-For: %s", paddock.body()).isEqualTo(403);
        } finally {
            for (ZooKeeper zk : clients) {
                zk.setACL("/", ZooDefs.Ids.OPEN_ACL_UNSAFE, -1);
            }
        }
    }
}

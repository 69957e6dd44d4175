package dev.paddock.core.zkformat;

import dev.paddock.core.tree.DataTree;
import dev.paddock.core.tree.EphemeralType;
import dev.paddock.core.tree.Paths;
import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The same changes made to a Paddock tree and to a ZooKeeper tree, side by side. */
final class TwinTrees {
    static final List<ACL> DIGEST_ALL = List.of(new ACL(Perms.ALL, new Id("digest", "alice:Xb1mY9wd4hpwCUZ0sY0Vs2RvPz4=")));
    static final List<ACL> MIXED = List.of(new ACL(Perms.READ, new Id("world", "anyone")),
            new ACL(Perms.ALL, new Id("digest", "bob:5qS1M6Uq3jh8U0aHhlm0Ujn1U7Q=")));
    static final List<ACL> IP = List.of(new ACL(Perms.READ | Perms.WRITE, new Id("ip", "127.0.0.1")));
    static final long S1 = 0x1000004a3b2c0001L;
    static final long S2 = 0x2000004a3b2c0002L;
    static final long S3 = 0x3000004a3b2c0003L;

    final DataTree mine = new DataTree();
    final org.apache.zookeeper.server.DataTree zk;
    final Map<Long, Integer> sessions = new HashMap<>();
    long zxid = 0x500000000L;
    long timeMs = 1_733_000_000_000L;

    TwinTrees() {
        ZkOracle.init();
        zk = new org.apache.zookeeper.server.DataTree();
    }

    void create(String path, byte[] data, List<ACL> acl, long owner) throws Exception {
        zxid++;
        timeMs += 7;
        mine.createNode(path, data, acl, owner, mine.get(Paths.parent(path)).cversion() + 1, zxid, timeMs);
        ZkOracle.zkCreate(zk, path, data, acl, owner, zxid, timeMs);
    }

    void create(String path, String data) throws Exception {
        create(path, data.getBytes(StandardCharsets.UTF_8), DataTree.OPEN_ACL, 0);
    }

    void setData(String path, byte[] data) throws Exception {
        zxid++;
        timeMs += 3;
        int version = mine.get(path).version() + 1;
        mine.setData(path, data, version, zxid, timeMs);
        zk.setData(path, data, version, zxid, timeMs);
    }

    void setAcl(String path, List<ACL> acl) throws Exception {
        zxid++;
        int aversion = mine.get(path).aversion() + 1;
        mine.setAcl(path, acl, aversion);
        zk.setACL(path, ZkOracle.toZk(acl), aversion);
    }

    void delete(String path) throws Exception {
        zxid++;
        mine.deleteNode(path, zxid);
        zk.deleteNode(path, zxid);
    }

    /** Every kind of node: shared and distinct ACLs, ephemerals of two sessions, a container, a TTL node, empty,
     *  null and binary data, a deep chain, a wide parent, deletions, a quota, a changed root and config node. */
    static TwinTrees rich() throws Exception {
        TwinTrees t = new TwinTrees();
        t.sessions.put(S1, 30_000);
        t.sessions.put(S2, 4_000);
        t.sessions.put(S3, 40_000); // owns nothing
        t.create("/app", "application");
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        t.create("/app/binary", binary, DIGEST_ALL, 0);
        t.create("/app/empty", new byte[0], DIGEST_ALL, 0);
        t.create("/app/null", null, MIXED, 0);
        t.create("/app/read-only", "r".getBytes(StandardCharsets.UTF_8), DataTree.READ_ACL, 0);
        t.create("/app/locks", new byte[0], DataTree.OPEN_ACL, EphemeralType.CONTAINER_OWNER);
        t.create("/app/locks/lock-0000000000", new byte[0], IP, S1);
        t.create("/app/locks/lock-0000000001", new byte[0], IP, S2);
        t.create("/app/locks/lock-0000000002", "x".getBytes(StandardCharsets.UTF_8), MIXED, S1);
        t.create("/app/ttl", "ttl".getBytes(StandardCharsets.UTF_8), DataTree.OPEN_ACL, EphemeralType.ttlOwner(60_000));
        t.create("/app/ünïcode-名前", "utf8".getBytes(StandardCharsets.UTF_8), DataTree.OPEN_ACL, 0);
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            deep.append("/d").append(i);
            t.create(deep.toString(), "level " + i);
        }
        t.create("/wide", "");
        for (int i = 0; i < 120; i++) {
            t.create("/wide/child-" + i, i % 3 == 0 ? new byte[0] : ("v" + i).getBytes(StandardCharsets.UTF_8),
                    i % 2 == 0 ? DataTree.OPEN_ACL : DIGEST_ALL, i % 5 == 0 ? S2 : 0);
        }
        for (int i = 0; i < 120; i += 7) {
            t.delete("/wide/child-" + i);
        }
        t.setData("/app", "v2".getBytes(StandardCharsets.UTF_8));
        t.setData("/app/binary", new byte[] {0, -1, 0, -1});
        t.setAcl("/app/empty", MIXED);
        t.setData("/", "root data".getBytes(StandardCharsets.UTF_8));
        t.setAcl("/app/read-only", DataTree.OPEN_ACL);
        t.create("/zookeeper/quota/app", "");
        t.create("/zookeeper/quota/app/zookeeper_limits", "count=100,bytes=-1");
        t.create("/zookeeper/quota/app/zookeeper_stats", "count=0,bytes=0");
        t.setData("/zookeeper/config", "server.1=127.0.0.1:2888:3888:participant\nversion=100000000"
                .getBytes(StandardCharsets.UTF_8));
        return t;
    }
}

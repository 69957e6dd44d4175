package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential test: one random operation sequence from several sessions, run in lockstep against two fresh
 * servers (ZooKeeper 3.9.3 and Paddock; or the same target twice when only one is selected, which checks the
 * harness is deterministic). Every answer and every watch event is recorded with zxids and session ids normalized
 * to their order of first appearance; the two transcripts must be identical.
 *
 * <p>{@code -Dpaddock.diff.seed=S} replays one seed; {@code -Dpaddock.diff.seeds=N} runs N random seeds;
 * by default a fixed CI set runs.
 */
class DifferentialTest {

    /** Fixed seeds for CI; the last two once exposed a real difference (auth ACL expansion order). */
    static final long[] CI_SEEDS = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 6172649687067528004L, 8579724168935161630L};
    static final int OPS = 200;
    static final int CLIENTS = 4;
    static final String BASE = "/d";
    static final String[] NAMES = {"a", "b", "c", "d"};
    static final String[] USERS = {"alice:pw", "bob:pw", "alice:wrong"};

    /** Containers are never reaped during a run (reaping is time-driven, so not comparable step by step). */
    @ServerSettings(containerCheckIntervalMs = 3_600_000)
    private static final class DiffSettings {
    }

    @TestFactory
    Stream<DynamicTest> differential() {
        String one = System.getProperty("paddock.diff.seed", "");
        String many = System.getProperty("paddock.diff.seeds", "");
        long[] seeds;
        if (!one.isBlank()) {
            seeds = new long[] {Long.parseLong(one.trim())};
        } else if (!many.isBlank()) {
            Random r = new Random();
            seeds = LongStream.generate(() -> r.nextLong() & Long.MAX_VALUE).limit(Integer.parseInt(many.trim())).toArray();
        } else {
            seeds = CI_SEEDS;
        }
        List<String> targets = ServerUnderTest.selectedTargets();
        String left = targets.get(0);
        String right = targets.get(targets.size() - 1);
        return Arrays.stream(seeds).mapToObj(seed ->
            DynamicTest.dynamicTest("seed " + seed + " " + left + " vs " + right, () -> run(seed, left, right)));
    }

    static void run(long seed, String leftTarget, String rightTarget) throws Exception {
        ServerSettings settings = DiffSettings.class.getAnnotation(ServerSettings.class);
        try (Side left = new Side(ServerUnderTest.start(leftTarget, settings));
             Side right = new Side(ServerUnderTest.start(rightTarget, settings))) {
            Random rng = new Random(seed);
            Generator gen = new Generator(rng);
            left.setUp();
            right.setUp();
            for (int step = 0; step < OPS; step++) {
                Action a = gen.next();
                String l = left.apply(step, a);
                String r = right.apply(step, a);
                gen.learn(left.created, left.deleted);
                if (!l.equals(r)) {
                    break;
                }
            }
            dump(seed, "left-" + leftTarget, left.transcript);
            dump(seed, "right-" + rightTarget, right.transcript);
            compare(seed, leftTarget, rightTarget, left.transcript, right.transcript);
        }
    }

    /** Keeps each transcript under target/differential for inspection. */
    static void dump(long seed, String side, List<String> transcript) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "differential");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(dir.resolve("seed-" + seed + "-" + side + ".txt"), transcript);
        } catch (java.io.IOException e) {
            // transcripts are a debugging aid only
        }
    }

    static void compare(long seed, String lt, String rt, List<String> l, List<String> r) {
        int n = Math.min(l.size(), r.size());
        for (int i = 0; i < n; i++) {
            if (!l.get(i).equals(r.get(i))) {
                StringBuilder msg = new StringBuilder();
                msg.append("Transcripts differ for seed ").append(seed).append(" at line ").append(i).append('\n');
                msg.append("Replay: mvn -pl paddock-compat verify -Dtest=DifferentialTest -Dpaddock.diff.seed=")
                    .append(seed).append('\n');
                msg.append("Context (common prefix):\n");
                for (int j = Math.max(0, i - 8); j < i; j++) {
                    msg.append("    ").append(l.get(j)).append('\n');
                }
                msg.append(lt).append(": ").append(l.get(i)).append('\n');
                msg.append(rt).append(": ").append(r.get(i)).append('\n');
                throw new AssertionError(msg.toString());
            }
        }
        assertThat(r.size()).as("transcript length for seed %d", seed).isEqualTo(l.size());
    }

    /** One generated operation; applied identically to both sides. */
    record Action(String kind, int client, String path, int mode, int version, String data, int acl, boolean watch,
                  List<Action> ops) {
        @Override
        public String toString() {
            String s = kind + " c" + client + (path == null ? "" : " " + path);
            return switch (kind) {
                case "create" -> s + " mode=" + mode + " acl=" + acl + " data=" + data + (watch ? " stat" : "");
                case "delete" -> s + " v=" + version;
                case "setData" -> s + " v=" + version + " data=" + data;
                case "setACL" -> s + " acl=" + acl + " v=" + version;
                case "exists", "getData", "getChildren", "getChildren2" -> s + " watch=" + watch;
                case "addauth" -> s + " " + data;
                case "addWatch", "removeAllWatches" -> s + " mode=" + mode;
                case "check" -> s + " v=" + version;
                case "multi", "multiRead", "pipeline" -> s + " " + ops;
                default -> s;
            };
        }
    }

    static final class Generator {
        final Random rng;
        final List<String> learned = new ArrayList<>();

        Generator(Random rng) {
            this.rng = rng;
        }

        static final String[] SPECIAL = {"/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config", "/zookeeper/x"};

        String path() {
            int k = rng.nextInt(100);
            if (k < 3) {
                return SPECIAL[rng.nextInt(SPECIAL.length)];
            }
            if (!learned.isEmpty() && k < 45) {
                return learned.get(rng.nextInt(learned.size()));
            }
            if (!learned.isEmpty() && k < 65) {
                return learned.get(rng.nextInt(learned.size())) + "/" + NAMES[rng.nextInt(2)];
            }
            StringBuilder p = new StringBuilder(BASE);
            int depth = 1 + (rng.nextInt(10) < 6 ? 0 : rng.nextInt(10) < 8 ? 1 : 2);
            for (int i = 0; i < depth; i++) {
                p.append('/').append(NAMES[rng.nextInt(i == 0 ? NAMES.length : 2)]);
            }
            return p.toString();
        }

        int version() {
            int v = rng.nextInt(10);
            return v < 5 ? -1 : v - 5;
        }

        String data() {
            return rng.nextInt(4) == 0 ? "" : Integer.toString(rng.nextInt(1000));
        }

        Action write(int client) {
            int k = rng.nextInt(10);
            if (k < 5) {
                int m = rng.nextInt(100);
                int mode = m < 36 ? 0 : m < 50 ? 1 : m < 68 ? 2 : m < 82 ? 3 : m < 90 ? 4 : m < 95 ? 5 : 6;
                return new Action("create", client, path(), mode, 0, data(), acl(), rng.nextBoolean(), null);
            } else if (k < 7) {
                return new Action("delete", client, path(), 0, version(), null, 0, false, null);
            } else if (k < 9) {
                return new Action("setData", client, path(), 0, version(), data(), 0, false, null);
            }
            return new Action("check", client, path(), 0, version(), null, 0, false, null);
        }

        int acl() {
            int a = rng.nextInt(12);
            return a < 7 ? 0 : a - 6;
        }

        Action next() {
            int client = rng.nextInt(CLIENTS);
            int k = rng.nextInt(100);
            if (k < 40) {
                Action w = write(client);
                return w.kind.equals("check") ? new Action("exists", client, w.path, 0, 0, null, 0, true, null) : w;
            } else if (k < 50) {
                return new Action("exists", client, path(), 0, 0, null, 0, rng.nextBoolean(), null);
            } else if (k < 58) {
                return new Action("getData", client, path(), 0, 0, null, 0, rng.nextBoolean(), null);
            } else if (k < 66) {
                return new Action(rng.nextBoolean() ? "getChildren" : "getChildren2", client,
                    rng.nextBoolean() ? BASE : path(), 0, 0, null, 0, rng.nextBoolean(), null);
            } else if (k < 71) {
                return new Action("setACL", client, path(), 0, version(), null, acl(), false, null);
            } else if (k < 74) {
                return new Action("getACL", client, path(), 0, 0, null, 0, false, null);
            } else if (k < 77) {
                return new Action("addauth", client, null, 0, 0, USERS[rng.nextInt(USERS.length)], 0, false, null);
            } else if (k < 87) {
                List<Action> ops = new ArrayList<>();
                int n = 1 + rng.nextInt(4);
                for (int i = 0; i < n; i++) {
                    ops.add(write(client));
                }
                return new Action("multi", client, null, 0, 0, null, 0, false, ops);
            } else if (k < 90) {
                List<Action> ops = new ArrayList<>();
                int n = 1 + rng.nextInt(3);
                for (int i = 0; i < n; i++) {
                    ops.add(new Action(rng.nextBoolean() ? "getData" : "getChildren", client, path(), 0, 0, null, 0,
                        false, null));
                }
                return new Action("multiRead", client, null, 0, 0, null, 0, false, ops);
            } else if (k < 91) {
                return new Action("sync", client, rng.nextBoolean() ? BASE : path(), 0, 0, null, 0, false, null);
            } else if (k < 93) {
                List<Action> ops = new ArrayList<>();
                int n = 2 + rng.nextInt(4);
                for (int i = 0; i < n; i++) {
                    int r = rng.nextInt(6);
                    ops.add(r < 3 ? write(client) : new Action(r == 3 ? "getData" : r == 4 ? "exists" : "getChildren",
                        client, path(), 0, 0, null, 0, rng.nextBoolean(), null));
                }
                return new Action("pipeline", client, null, 0, 0, null, 0, false, ops);
            } else if (k < 95) {
                return new Action("getEphemerals", client, null, 0, 0, null, 0, false, null);
            } else if (k < 96) {
                return new Action("getAllChildrenNumber", client, BASE, 0, 0, null, 0, false, null);
            } else if (k < 98) {
                return new Action("addWatch", client, rng.nextInt(3) == 0 ? BASE : path(), rng.nextInt(2), 0, null, 0,
                    false, null);
            } else if (k < 99) {
                return new Action("removeAllWatches", client, path(), rng.nextInt(5), 0, null, 0, false, null);
            }
            return new Action("reconnect", client, null, 0, 0, null, 0, false, null);
        }

        /** Follows which znodes exist (as the left server reported), so later ops often hit real nodes. */
        void learn(List<String> created, List<String> deleted) {
            learned.removeAll(deleted);
            for (String p : created) {
                if (!learned.contains(p) && learned.size() < 40) {
                    learned.add(p);
                }
            }
        }
    }

    /** One server, its client sessions, and the transcript of everything they saw. */
    static final class Side implements AutoCloseable {
        final ServerUnderTest server;
        final ZooKeeper[] clients = new ZooKeeper[CLIENTS];
        final Events[] events = new Events[CLIENTS];
        final List<String> transcript = new ArrayList<>();
        final Map<Long, String> zxids = new HashMap<>();
        final Map<Long, String> sessions = new HashMap<>();
        /** Paths created / deleted by the last applied action. */
        final List<String> created = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();

        Side(ServerUnderTest server) {
            this.server = server;
        }

        String z(long zxid) {
            return zxid <= 0 ? Long.toString(zxid) : zxids.computeIfAbsent(zxid, k -> "z" + zxids.size());
        }

        String s(long session) {
            return session == 0 ? "0" : sessions.computeIfAbsent(session, k -> "s" + sessions.size());
        }

        String stat(Stat st) {
            if (st == null) {
                return "null";
            }
            return "{cz=" + z(st.getCzxid()) + " mz=" + z(st.getMzxid()) + " pz=" + z(st.getPzxid())
                + " v=" + st.getVersion() + " cv=" + st.getCversion() + " av=" + st.getAversion()
                + " eo=" + s(st.getEphemeralOwner()) + " len=" + st.getDataLength() + " nc=" + st.getNumChildren()
                + (st.getCtime() > 0 && st.getMtime() >= st.getCtime() ? "" : " BADTIME") + "}";
        }

        void setUp() throws Exception {
            for (int i = 0; i < CLIENTS; i++) {
                open(i);
            }
            clients[0].create(BASE, new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            transcript.add("setup " + BASE + " " + stat(clients[0].exists(BASE, false)));
        }

        void open(int i) throws Exception {
            Events ev = new Events();
            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper zk = new ZooKeeper(server.connectString(), 30_000, e -> {
                if (e.getType() == Watcher.Event.EventType.None && e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
                ev.process(e);
            });
            if (!connected.await(20, TimeUnit.SECONDS)) {
                zk.close();
                throw new IllegalStateException("client " + i + " did not connect to " + server);
            }
            clients[i] = zk;
            events[i] = ev;
            transcript.add("open c" + i + " session=" + s(zk.getSessionId()) + " timeout=" + zk.getSessionTimeout());
        }

        static List<ACL> acl(int which) {
            return switch (which) {
                case 0 -> Ids.OPEN_ACL_UNSAFE;
                case 1 -> Ids.READ_ACL_UNSAFE;
                case 2 -> Ids.CREATOR_ALL_ACL;
                case 3 -> new ArrayList<>(List.of(new ACL(Perms.ALL, new Id("digest", Digests.digest("alice", "pw"))),
                    new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE)));
                case 4 -> new ArrayList<>(List.of(new ACL(Perms.READ | Perms.CREATE | Perms.WRITE, Ids.ANYONE_ID_UNSAFE)));
                default -> new ArrayList<>(List.of(new ACL(Perms.ALL, new Id("ip", "127.0.0.1")),
                    new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE)));
            };
        }

        static final CreateMode[] MODES = {CreateMode.PERSISTENT, CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL,
            CreateMode.EPHEMERAL_SEQUENTIAL, CreateMode.CONTAINER, CreateMode.PERSISTENT_WITH_TTL,
            CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL};
        /** Long enough that no TTL node is reaped during a run. */
        static final long TTL = 3_600_000;

        static long ttl(int mode) {
            return MODES[mode].isTTL() ? TTL : -1;
        }

        static Op op(Action a) {
            return switch (a.kind) {
                case "create" -> MODES[a.mode].isTTL()
                    ? Op.create(a.path, a.data.getBytes(), acl(a.acl), MODES[a.mode], TTL)
                    : Op.create(a.path, a.data.getBytes(), acl(a.acl), MODES[a.mode]);
                case "delete" -> Op.delete(a.path, a.version);
                case "setData" -> Op.setData(a.path, a.data.getBytes(), a.version);
                case "check" -> Op.check(a.path, a.version);
                case "getData" -> Op.getData(a.path);
                case "getChildren" -> Op.getChildren(a.path);
                default -> throw new IllegalArgumentException(a.kind);
            };
        }

        String result(OpResult r) {
            if (r instanceof OpResult.CreateResult c) {
                return "create " + c.getPath() + " " + stat(c.getStat());
            } else if (r instanceof OpResult.SetDataResult sd) {
                return "setData " + stat(sd.getStat());
            } else if (r instanceof OpResult.DeleteResult) {
                return "delete";
            } else if (r instanceof OpResult.CheckResult) {
                return "check";
            } else if (r instanceof OpResult.GetDataResult gd) {
                return "getData " + str(gd.getData()) + " " + stat(gd.getStat());
            } else if (r instanceof OpResult.GetChildrenResult gc) {
                return "getChildren " + sorted(gc.getChildren());
            } else if (r instanceof OpResult.ErrorResult e) {
                return "error " + KeeperException.Code.get(e.getErr());
            }
            return r.getClass().getSimpleName();
        }

        static String str(byte[] b) {
            return b == null ? "null" : "'" + new String(b) + "'";
        }

        static List<String> sorted(List<String> l) {
            List<String> c = new ArrayList<>(l);
            c.sort(null);
            return c;
        }

        String apply(int step, Action a) throws Exception {
            ZooKeeper zk = clients[a.client];
            created.clear();
            deleted.clear();
            String out;
            try {
                out = execute(zk, a);
            } catch (KeeperException e) {
                String res = e.getResults() == null ? ""
                    : " results=" + e.getResults().stream().map(this::result).collect(Collectors.toList());
                out = "ERR " + e.code() + (e.getPath() == null ? "" : " " + e.getPath()) + res;
            }
            String line = "#" + step + " " + a + " -> " + out;
            transcript.add(line);
            settle();
            return line;
        }

        String execute(ZooKeeper zk, Action a) throws Exception {
            switch (a.kind) {
                case "create": {
                    if (a.watch) {
                        Stat st = new Stat();
                        String p = zk.create(a.path, a.data.getBytes(), acl(a.acl), MODES[a.mode], st, ttl(a.mode));
                        created.add(p);
                        return p + " " + stat(st);
                    }
                    String p = MODES[a.mode].isTTL()
                        ? zk.create(a.path, a.data.getBytes(), acl(a.acl), MODES[a.mode], null, TTL)
                        : zk.create(a.path, a.data.getBytes(), acl(a.acl), MODES[a.mode]);
                    created.add(p);
                    return p;
                }
                case "delete":
                    zk.delete(a.path, a.version);
                    deleted.add(a.path);
                    return "ok";
                case "setData":
                    return stat(zk.setData(a.path, a.data.getBytes(), a.version));
                case "exists":
                    return stat(zk.exists(a.path, a.watch));
                case "getData": {
                    Stat st = new Stat();
                    byte[] d = zk.getData(a.path, a.watch, st);
                    return str(d) + " " + stat(st);
                }
                case "getChildren":
                    return sorted(zk.getChildren(a.path, a.watch)).toString();
                case "getChildren2": {
                    Stat st = new Stat();
                    return sorted(zk.getChildren(a.path, a.watch, st)) + " " + stat(st);
                }
                case "setACL":
                    return stat(zk.setACL(a.path, acl(a.acl), a.version));
                case "getACL": {
                    Stat st = new Stat();
                    List<ACL> acl = zk.getACL(a.path, st);
                    return acl.stream().map(x -> x.getPerms() + ":" + x.getId().getScheme() + ":" + x.getId().getId())
                        .collect(Collectors.toList()) + " " + stat(st);
                }
                case "addauth":
                    zk.addAuthInfo("digest", a.data.getBytes());
                    return "sent";
                case "multi":
                case "multiRead": {
                    List<Op> ops = a.ops.stream().map(Side::op).collect(Collectors.toList());
                    List<OpResult> results = zk.multi(ops);
                    for (int i = 0; i < results.size(); i++) {
                        if (results.get(i) instanceof OpResult.CreateResult c) {
                            created.add(c.getPath());
                        } else if (results.get(i) instanceof OpResult.DeleteResult) {
                            deleted.add(a.ops.get(i).path);
                        }
                    }
                    return results.stream().map(this::result).collect(Collectors.toList()).toString();
                }
                case "sync":
                    zk.sync(a.path);
                    return "ok";
                case "pipeline":
                    return pipeline(zk, a.ops);
                case "addWatch":
                    zk.addWatch(a.path, a.mode == 0 ? org.apache.zookeeper.AddWatchMode.PERSISTENT
                        : org.apache.zookeeper.AddWatchMode.PERSISTENT_RECURSIVE);
                    return "ok";
                case "removeAllWatches":
                    zk.removeAllWatches(a.path, Watcher.WatcherType.values()[a.mode], false);
                    return "ok";
                case "getEphemerals":
                    return sorted(zk.getEphemerals()).toString();
                case "getAllChildrenNumber":
                    return Integer.toString(zk.getAllChildrenNumber(a.path));
                case "reconnect": {
                    String old = s(zk.getSessionId());
                    zk.close();
                    settle();
                    open(a.client);
                    return "closed " + old;
                }
                default:
                    throw new IllegalArgumentException(a.kind);
            }
        }

        /**
         * Sends all ops without waiting, then records the answers in the order the callbacks ran (a session's
         * replies must come back in request order).
         */
        String pipeline(ZooKeeper zk, List<Action> ops) throws Exception {
            List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch all = new CountDownLatch(ops.size());
            for (int i = 0; i < ops.size(); i++) {
                Action a = ops.get(i);
                String tag = "#" + i + " ";
                switch (a.kind) {
                    case "create" -> zk.create(a.path, a.data.getBytes(), acl(a.acl), MODES[a.mode],
                        (rc, path, ctx, name, st) -> {
                            answers.add(tag + code(rc) + " " + name + " " + stat(st));
                            all.countDown();
                        }, null, ttl(a.mode));
                    case "delete" -> zk.delete(a.path, a.version, (rc, path, ctx) -> {
                        answers.add(tag + code(rc));
                        all.countDown();
                    }, null);
                    case "setData" -> zk.setData(a.path, a.data.getBytes(), a.version, (rc, path, ctx, st) -> {
                        answers.add(tag + code(rc) + " " + stat(st));
                        all.countDown();
                    }, null);
                    case "check", "exists" -> zk.exists(a.path, a.watch, (rc, path, ctx, st) -> {
                        answers.add(tag + code(rc) + " " + stat(st));
                        all.countDown();
                    }, null);
                    case "getData" -> zk.getData(a.path, a.watch, (rc, path, ctx, data, st) -> {
                        answers.add(tag + code(rc) + " " + str(data) + " " + stat(st));
                        all.countDown();
                    }, null);
                    case "getChildren" -> zk.getChildren(a.path, a.watch, (rc, path, ctx, children, st) -> {
                        answers.add(tag + code(rc) + " " + (children == null ? "null" : sorted(children)) + " " + stat(st));
                        all.countDown();
                    }, null);
                    default -> throw new IllegalArgumentException(a.kind);
                }
            }
            if (!all.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pipelined replies missing: " + answers);
            }
            for (String ans : answers) {
                String[] parts = ans.split(" ");
                if (parts[1].equals("OK") && parts.length > 2 && parts[2].startsWith("/")) {
                    created.add(parts[2]);
                }
            }
            return answers.toString();
        }

        static String code(int rc) {
            return KeeperException.Code.get(rc).name();
        }

        /** Round-trips every session, then records the watch events each received, in a stable order. */
        void settle() throws Exception {
            for (int i = 0; i < CLIENTS; i++) {
                ZooKeeper c = clients[i];
                if (c == null || !c.getState().isAlive()) {
                    continue;
                }
                CompletableFuture<Integer> done = new CompletableFuture<>();
                c.sync("/", (rc, p, ctx) -> { }, null);
                c.exists("/", false, (rc, p, ctx, st) -> done.complete(rc), null);
                done.get(20, TimeUnit.SECONDS);
            }
            for (int i = 0; i < CLIENTS; i++) {
                List<WatchedEvent> got = new ArrayList<>(events[i].drain());
                // ZooKeeper does not promise an order between events of one change on different paths
                got.sort(java.util.Comparator.comparingLong(WatchedEvent::getZxid)
                    .thenComparing(e -> e.getType().name()).thenComparing(e -> String.valueOf(e.getPath())));
                for (WatchedEvent e : got) {
                    transcript.add("  event c" + i + " " + e.getType() + " " + e.getPath() + " zxid=" + z(e.getZxid()));
                }
            }
        }

        @Override
        public void close() {
            for (ZooKeeper c : clients) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            server.close();
        }
    }
}

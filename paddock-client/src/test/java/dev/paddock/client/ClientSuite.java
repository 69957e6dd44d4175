package dev.paddock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.paddock.client.OpResult.CheckResult;
import dev.paddock.client.OpResult.CreateResult;
import dev.paddock.client.OpResult.DeleteResult;
import dev.paddock.client.OpResult.ErrorResult;
import dev.paddock.client.OpResult.GetChildrenResult;
import dev.paddock.client.OpResult.GetDataResult;
import dev.paddock.client.OpResult.SetDataResult;
import dev.paddock.client.Results.Created;
import dev.paddock.client.testing.EventRecorder;
import dev.paddock.client.testing.TcpProxy;
import dev.paddock.client.testing.TestServer;
import dev.paddock.client.testing.TestServerFactory;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.EventType;
import dev.paddock.jute.KeeperState;
import dev.paddock.jute.Perms;
import dev.paddock.jute.WatcherType;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.ClientInfo;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.data.Stat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's behaviour against a real server over real sockets. Subclasses choose the server
 * ({@link #serverFactory()}): Apache ZooKeeper 3.9.3 now, Paddock's server later. The suite ships in
 * paddock-client's test-jar; put a subclass in package {@code dev.paddock.client} of another module's tests to run
 * it against another server.
 */
public abstract class ClientSuite {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final List<ACL> OPEN = Acls.OPEN_ACL_UNSAFE;

    @TempDir
    Path tmp;

    TestServer server;
    final List<AutoCloseable> toClose = new ArrayList<>();

    /** Servers under test; session timeouts between 1 s and 10 s must be granted as asked. */
    protected abstract TestServerFactory serverFactory();

    @BeforeEach
    void startServer() throws Exception {
        server = newServer("s1");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    TestServer newServer(String name) throws Exception {
        TestServer s = serverFactory().create(tmp.resolve(name));
        s.start();
        toClose.add(s);
        return s;
    }

    PaddockClient connect(String connectString, EventRecorder events) throws Exception {
        return connect(PaddockClient.builder(connectString).sessionTimeout(10_000).watcher(events));
    }

    PaddockClient connect(PaddockClient.Builder b) throws Exception {
        PaddockClient c = b.reconnectDelayMs(100).build();
        toClose.add(c);
        assertThat(c.awaitConnected(WAIT)).as("connected").isTrue();
        return c;
    }

    PaddockClient connect() throws Exception {
        return connect(server.connectString(), new EventRecorder());
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ================================================================================ operations

    @Test
    void createInEveryModeReturnsPathAndStat() throws Exception {
        PaddockClient c = connect();
        Created p = c.create2("/p", b("x"), OPEN, CreateMode.PERSISTENT);
        assertThat(p.path()).isEqualTo("/p");
        assertThat(p.stat().version()).isZero();
        assertThat(p.stat().dataLength()).isEqualTo(1);
        assertThat(p.stat().ephemeralOwner()).isZero();
        assertThat(p.stat().czxid()).isPositive().isEqualTo(p.stat().mzxid());

        Created e = c.create2("/p/e", b("e"), OPEN, CreateMode.EPHEMERAL);
        assertThat(e.stat().ephemeralOwner()).isEqualTo(c.getSessionId());

        String seq1 = c.create("/p/s-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL);
        String seq2 = c.create("/p/s-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL);
        assertThat(seq1).matches("/p/s-\\d{10}");
        assertThat(seq2).isGreaterThan(seq1);
        Created es = c.create2("/p/es-", null, OPEN, CreateMode.EPHEMERAL_SEQUENTIAL);
        assertThat(es.path()).matches("/p/es-\\d{10}");
        assertThat(es.stat().ephemeralOwner()).isEqualTo(c.getSessionId());

        Created container = c.create2("/container", null, OPEN, CreateMode.CONTAINER);
        assertThat(container.path()).isEqualTo("/container");
        // ZooKeeper hides the container/TTL markers of ephemeralOwner from clients.
        assertThat(container.stat().ephemeralOwner()).isZero();

        Created ttl = c.create2("/ttl", null, OPEN, CreateMode.PERSISTENT_WITH_TTL, 60_000);
        assertThat(ttl.path()).isEqualTo("/ttl");
        assertThat(ttl.stat().ephemeralOwner()).isZero();
        Created ttlSeq = c.create2("/ttl-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 1000);
        assertThat(ttlSeq.path()).matches("/ttl-\\d{10}");

        assertThat(c.getChildren("/p", false)).hasSize(4);
        assertThatThrownBy(() -> c.create2("/t2", null, OPEN, CreateMode.PERSISTENT_WITH_TTL, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be positive");
        assertThatThrownBy(() -> c.create2("/t2", null, OPEN, CreateMode.PERSISTENT, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl not valid for mode: PERSISTENT");
        assertThatThrownBy(() -> c.create("/t2", null, List.of(), CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.InvalidACLException.class);
    }

    @Test
    void dataVersionsAndTypedErrors() throws Exception {
        PaddockClient c = connect();
        c.create("/a", b("one"), OPEN, CreateMode.PERSISTENT);
        Results.NodeData d = c.getData("/a", false);
        assertThat(s(d.data())).isEqualTo("one");
        Stat st = c.setData("/a", b("two"), 0);
        assertThat(st.version()).isEqualTo(1);
        assertThat(st.mzxid()).isGreaterThan(st.czxid());
        assertThat(s(c.getData("/a", false).data())).isEqualTo("two");
        assertThat(c.setData("/a", b("three"), -1).version()).isEqualTo(2);

        assertThatThrownBy(() -> c.setData("/a", b("x"), 7))
                .isInstanceOf(KeeperException.BadVersionException.class)
                .hasMessage("KeeperErrorCode = BadVersion for /a")
                .satisfies(t -> {
                    KeeperException ke = (KeeperException) t;
                    assertThat(ke.code()).isEqualTo(ErrorCode.BADVERSION);
                    assertThat(ke.path()).isEqualTo("/a");
                });
        assertThatThrownBy(() -> c.getData("/missing", false))
                .isInstanceOf(KeeperException.NoNodeException.class)
                .hasMessage("KeeperErrorCode = NoNode for /missing");
        assertThatThrownBy(() -> c.create("/a", null, OPEN, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NodeExistsException.class)
                .hasMessage("KeeperErrorCode = NodeExists for /a");
        c.create("/a/child", null, OPEN, CreateMode.PERSISTENT);
        assertThatThrownBy(() -> c.delete("/a", -1))
                .isInstanceOf(KeeperException.NotEmptyException.class)
                .hasMessage("KeeperErrorCode = Directory not empty for /a");
        assertThatThrownBy(() -> c.create("/x/y", null, OPEN, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NoNodeException.class);
        c.create("/eph", null, OPEN, CreateMode.EPHEMERAL);
        assertThatThrownBy(() -> c.create("/eph/c", null, OPEN, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NoChildrenForEphemeralsException.class);
        assertThatThrownBy(() -> c.delete("/a/child", 3)).isInstanceOf(KeeperException.BadVersionException.class);
        c.delete("/a/child", 0);
        c.delete("/a", -1);
        assertThat(c.exists("/a", false)).isNull();
        assertThatThrownBy(() -> c.delete("/a", -1)).isInstanceOf(KeeperException.NoNodeException.class);
        assertThatThrownBy(() -> c.delete("/", -1)).isInstanceOf(KeeperException.class);
    }

    @Test
    void clientSidePathValidationUsesZooKeeperMessages() throws Exception {
        PaddockClient c = connect();
        assertThatThrownBy(() -> c.getData("a", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path must start with / character");
        assertThatThrownBy(() -> c.getData("", false)).hasMessage("Path length must be > 0");
        assertThatThrownBy(() -> c.getData(null, false)).hasMessage("Path cannot be null");
        assertThatThrownBy(() -> c.getData("/a/", false)).hasMessage("Path must not end with / character");
        assertThatThrownBy(() -> c.getData("/a//b", false))
                .hasMessage("Invalid path string \"/a//b\" caused by empty node name specified @3");
        assertThatThrownBy(() -> c.getData("/a/../b", false))
                .hasMessage("Invalid path string \"/a/../b\" caused by relative paths not allowed @4");
        assertThatThrownBy(() -> c.getData("/a/./b", false))
                .hasMessage("Invalid path string \"/a/./b\" caused by relative paths not allowed @3");
        assertThatThrownBy(() -> c.getData("/a\u0001", false))
                .hasMessage("Invalid path string \"/a\u0001\" caused by invalid character @2");
        assertThatThrownBy(() -> c.getData("/a\u0000", false))
                .hasMessage("Invalid path string \"/a\u0000\" caused by null character not allowed @2");
        // A sequential create may end with '/', the server appends the counter.
        c.create("/seqdir", null, OPEN, CreateMode.PERSISTENT);
        assertThat(c.create("/seqdir/", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL)).matches("/seqdir/\\d{10}");
        assertThat(c.exists("/a..b", false)).isNull();
    }

    @Test
    void existsChildrenCountsAndEphemerals() throws Exception {
        PaddockClient c = connect();
        assertThat(c.exists("/r", false)).isNull();
        c.create("/r", null, OPEN, CreateMode.PERSISTENT);
        c.create("/r/a", null, OPEN, CreateMode.PERSISTENT);
        c.create("/r/a/x", null, OPEN, CreateMode.PERSISTENT);
        c.create("/r/b", null, OPEN, CreateMode.EPHEMERAL);
        c.create("/r/a/e", null, OPEN, CreateMode.EPHEMERAL);
        Stat st = c.exists("/r", false);
        assertThat(st.numChildren()).isEqualTo(2);
        assertThat(c.getChildren("/r", false)).containsExactlyInAnyOrder("a", "b");
        Results.Children ch = c.getChildren2("/r", false);
        assertThat(ch.children()).containsExactlyInAnyOrder("a", "b");
        assertThat(ch.stat().numChildren()).isEqualTo(2);
        assertThat(ch.stat().cversion()).isEqualTo(2);
        assertThat(c.getAllChildrenNumber("/r")).isEqualTo(4);
        assertThat(c.getEphemerals()).containsExactlyInAnyOrder("/r/b", "/r/a/e");
        assertThat(c.getEphemerals("/r/a")).containsExactly("/r/a/e");
        assertThat(c.sync("/r")).isEqualTo("/r");
        assertThatThrownBy(() -> c.getChildren("/nope", false)).isInstanceOf(KeeperException.NoNodeException.class);

        PaddockClient other = connect();
        assertThat(other.getEphemerals()).isEmpty();
    }

    @Test
    void aclsAuthAndWhoAmI() throws Exception {
        PaddockClient c = connect();
        c.addAuthInfo("digest", b("alice:secret"));
        List<ClientInfo> who = c.whoAmI();
        assertThat(who).extracting(ClientInfo::authScheme).contains("digest", "ip");
        assertThat(who).extracting(ClientInfo::user).contains("alice");

        c.create("/secret", b("s"), Acls.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        Results.AclStat acl = c.getACL("/secret");
        assertThat(acl.acl()).hasSize(1);
        assertThat(acl.acl().get(0).id()).isEqualTo(new Id("digest", "alice:" + digest("alice:secret")));
        assertThat(acl.acl().get(0).perms()).isEqualTo(Perms.ALL);
        assertThat(s(c.getData("/secret", false).data())).isEqualTo("s");

        PaddockClient stranger = connect();
        assertThatThrownBy(() -> stranger.getData("/secret", false))
                .isInstanceOf(KeeperException.NoAuthException.class)
                .hasMessage("KeeperErrorCode = NoAuth for /secret");

        Stat st = c.setACL("/secret", Acls.READ_ACL_UNSAFE, 0);
        assertThat(st.aversion()).isEqualTo(1);
        assertThat(s(stranger.getData("/secret", false).data())).isEqualTo("s");
        assertThatThrownBy(() -> stranger.setData("/secret", b("no"), -1))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> c.setACL("/secret", OPEN, 0)).isInstanceOf(KeeperException.class);
        assertThatThrownBy(() -> c.setACL("/secret", List.of(), -1))
                .isInstanceOf(KeeperException.InvalidACLException.class);
    }

    @Test
    void refusedCredentialsEndTheSessionWithAuthFailed() throws Exception {
        EventRecorder events = new EventRecorder();
        PaddockClient c = connect(server.connectString(), events);
        events.awaitState(KeeperState.SYNC_CONNECTED);
        c.addAuthInfo("nosuchscheme", b("x"));
        events.awaitState(KeeperState.AUTH_FAILED);
        assertThat(c.getState()).isEqualTo(ClientState.AUTH_FAILED);
        assertThatThrownBy(() -> c.exists("/", false)).isInstanceOf(KeeperException.AuthFailedException.class);
    }

    static String digest(String idPassword) throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA1").digest(idPassword.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(sha);
    }

    @Test
    void multiCommitsAtomicallyAndReportsEveryResult() throws Exception {
        PaddockClient c = connect();
        c.create("/m", b("0"), OPEN, CreateMode.PERSISTENT);
        List<OpResult> ok = c.transaction()
                .create("/m/a", b("a"), OPEN, CreateMode.PERSISTENT)
                .create("/m/s-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL)
                .setData("/m", b("1"), 0)
                .check("/m", 1)
                .create("/m/t", null, OPEN, CreateMode.PERSISTENT_WITH_TTL, 5000)
                .create("/m/c", null, OPEN, CreateMode.CONTAINER)
                .delete("/m/a", 0)
                .commit();
        assertThat(ok).hasSize(7);
        assertThat(((CreateResult) ok.get(0)).path()).isEqualTo("/m/a");
        assertThat(((CreateResult) ok.get(0)).stat()).isNotNull();
        assertThat(((CreateResult) ok.get(1)).path()).matches("/m/s-\\d{10}");
        assertThat(((SetDataResult) ok.get(2)).stat().version()).isEqualTo(1);
        assertThat(ok.get(3)).isInstanceOf(CheckResult.class);
        assertThat(((CreateResult) ok.get(4)).path()).isEqualTo("/m/t");
        assertThat(((CreateResult) ok.get(5)).path()).isEqualTo("/m/c");
        assertThat(ok.get(6)).isInstanceOf(DeleteResult.class);

        List<Op> failing = List.of(Op.create("/m/b", null, OPEN, CreateMode.PERSISTENT), Op.check("/m", 5),
                Op.delete("/m/c", -1));
        assertThatThrownBy(() -> c.multi(failing))
                .isInstanceOf(KeeperException.BadVersionException.class)
                .hasMessage("KeeperErrorCode = BadVersion")
                .satisfies(t -> assertThat(((KeeperException) t).getResults()).containsExactly(
                        new ErrorResult(0), new ErrorResult(ErrorCode.BADVERSION.code),
                        new ErrorResult(ErrorCode.RUNTIMEINCONSISTENCY.code)));
        assertThat(c.exists("/m/b", false)).as("nothing of a failed multi applies").isNull();

        assertThatThrownBy(() -> c.multi(List.of(Op.create("bad", null, OPEN, CreateMode.PERSISTENT))))
                .isInstanceOf(KeeperException.BadArgumentsException.class)
                .satisfies(t -> assertThat(((KeeperException) t).getResults())
                        .containsExactly(new ErrorResult(ErrorCode.BADARGUMENTS.code)));

        List<OpResult> async = c.multiAsync(List.of(Op.setData("/m", b("2"), -1))).get();
        assertThat(((SetDataResult) async.get(0)).stat().version()).isEqualTo(2);
        assertThat(c.multi(List.of())).isEmpty();

        List<OpResult> reads = c.multiRead(List.of(Op.getData("/m"), Op.getChildren("/m"), Op.getData("/none")));
        assertThat(s(((GetDataResult) reads.get(0)).data())).isEqualTo("2");
        assertThat(((GetChildrenResult) reads.get(1)).children()).hasSize(3);
        assertThat(reads.get(2)).isEqualTo(new ErrorResult(ErrorCode.NONODE.code));
    }

    @Test
    void asyncRequestsArePipelinedAndCompleteInOrderOnTheEventThread() throws Exception {
        EventRecorder events = new EventRecorder();
        PaddockClient c = connect(server.connectString(), events);
        c.create("/q", null, OPEN, CreateMode.PERSISTENT);
        List<String> order = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> fs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            fs.add(c.createAsync("/q/n" + i, b("v" + i), OPEN, CreateMode.PERSISTENT).thenAccept(r -> {
                order.add(r.path());
                threads.add(Thread.currentThread().getName());
            }));
            if (i % 50 == 0) {
                fs.add(c.getDataAsync("/q/n" + n, false).thenAccept(d -> order.add("get" + n)));
            }
        }
        CompletableFuture<Void> missing = c.deleteAsync("/q/missing", -1);
        CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).get();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add("/q/n" + i);
            if (i % 50 == 0) {
                expected.add("get" + i);
            }
        }
        assertThat(order).containsExactlyElementsOf(expected);
        // a callback attached to a future that had already completed runs on the attaching thread (that is how
        // CompletableFuture works); every other one must run on the event thread, never on an I/O thread
        String caller = Thread.currentThread().getName();
        assertThat(threads).contains("paddock-event").allMatch(t -> t.equals("paddock-event") || t.equals(caller));
        assertThatThrownBy(missing::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(KeeperException.NoNodeException.class);
        assertThat(c.getAllChildrenNumber("/q")).isEqualTo(200);
        assertThat(c.existsAsync("/q/none", false).get()).isNull();
        assertThat(c.getChildren2Async("/q", false).get().children()).hasSize(200);
        assertThat(c.setDataAsync("/q/n1", b("z"), 0).get().version()).isEqualTo(1);
        assertThat(c.getACLAsync("/q").get().acl()).isEqualTo(OPEN);
        assertThat(c.setACLAsync("/q", OPEN, -1).get().aversion()).isEqualTo(1);
        assertThat(c.syncAsync("/q").get()).isEqualTo("/q");
        assertThat(c.getAllChildrenNumberAsync("/q").get()).isEqualTo(200);
        assertThat(c.getEphemeralsAsync("/").get()).isEmpty();
        assertThat(c.whoAmIAsync().get()).isNotEmpty();
        assertThat(c.getChildrenAsync("/q", false).get()).hasSize(200);
    }

    @Test
    void oneClientServesManyThreadsAtOnce() throws Exception {
        PaddockClient c = connect();
        c.create("/mt", null, OPEN, CreateMode.PERSISTENT);
        int threads = 8;
        int perThread = 150;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            String node = "/mt/t" + t;
            Thread w = new Thread(() -> {
                try {
                    c.create(node, b("0"), OPEN, CreateMode.PERSISTENT);
                    for (int i = 1; i <= perThread; i++) {
                        Stat st = c.setData(node, b(Integer.toString(i)), i - 1);
                        if (st.version() != i || !s(c.getData(node, false).data()).equals(Integer.toString(i))) {
                            throw new AssertionError("lost update on " + node + " at " + i);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join(60_000);
        }
        assertThat(failures).isEmpty();
        assertThat(c.getAllChildrenNumber("/mt")).isEqualTo(threads);
        for (int t = 0; t < threads; t++) {
            assertThat(c.exists("/mt/t" + t, false).version()).isEqualTo(perThread);
        }
    }

    // ================================================================================ watches

    @Test
    void oneShotWatchesFireOnceOnTheEventThread() throws Exception {
        EventRecorder def = new EventRecorder();
        PaddockClient c = connect(server.connectString(), def);
        def.awaitState(KeeperState.SYNC_CONNECTED);
        PaddockClient writer = connect();

        assertThat(c.exists("/w", true)).isNull();
        writer.create("/w", b("1"), OPEN, CreateMode.PERSISTENT);
        assertThat(def.next()).isEqualTo(new WatchedEvent(EventType.NODE_CREATED, KeeperState.SYNC_CONNECTED, "/w"));

        EventRecorder data = new EventRecorder();
        EventRecorder child = new EventRecorder();
        c.getData("/w", data);
        c.getChildren("/w", child);
        writer.setData("/w", b("2"), -1);
        assertThat(data.next()).isEqualTo(new WatchedEvent(EventType.NODE_DATA_CHANGED, KeeperState.SYNC_CONNECTED,
                "/w"));
        writer.setData("/w", b("3"), -1);
        writer.create("/w/c", null, OPEN, CreateMode.PERSISTENT);
        assertThat(child.next()).isEqualTo(new WatchedEvent(EventType.NODE_CHILDREN_CHANGED,
                KeeperState.SYNC_CONNECTED, "/w"));
        // One-shot: a fresh watch set after the changes sees the next change, and nothing else arrived before it.
        c.getData("/w", data);
        writer.delete("/w/c", -1);
        writer.delete("/w", -1);
        assertThat(data.next()).isEqualTo(new WatchedEvent(EventType.NODE_DELETED, KeeperState.SYNC_CONNECTED, "/w"));
        assertThat(data.poll()).isNull();
        assertThat(child.poll()).isNull();
        assertThat(data.threads()).extracting(Thread::getName).containsOnly("paddock-event");
        assertThat(c.getWatches().values()).allMatch(List::isEmpty);
    }

    @Test
    void persistentAndRecursiveWatchesStayUntilRemoved() throws Exception {
        PaddockClient c = connect();
        PaddockClient writer = connect();
        writer.create("/pw", null, OPEN, CreateMode.PERSISTENT);
        EventRecorder pers = new EventRecorder();
        EventRecorder rec = new EventRecorder();
        c.addWatch("/pw", pers, AddWatchMode.PERSISTENT);
        c.addWatch("/pw", rec, AddWatchMode.PERSISTENT_RECURSIVE);

        writer.setData("/pw", b("1"), -1);
        writer.setData("/pw", b("2"), -1);
        writer.create("/pw/a", null, OPEN, CreateMode.PERSISTENT);
        writer.create("/pw/a/b", null, OPEN, CreateMode.PERSISTENT);
        writer.setData("/pw/a/b", b("x"), -1);
        writer.delete("/pw/a/b", -1);

        assertThat(List.of(pers.next(), pers.next(), pers.next())).containsExactly(
                new WatchedEvent(EventType.NODE_DATA_CHANGED, KeeperState.SYNC_CONNECTED, "/pw"),
                new WatchedEvent(EventType.NODE_DATA_CHANGED, KeeperState.SYNC_CONNECTED, "/pw"),
                new WatchedEvent(EventType.NODE_CHILDREN_CHANGED, KeeperState.SYNC_CONNECTED, "/pw"));
        assertThat(List.of(rec.next(), rec.next(), rec.next(), rec.next(), rec.next(), rec.next())).containsExactly(
                new WatchedEvent(EventType.NODE_DATA_CHANGED, KeeperState.SYNC_CONNECTED, "/pw"),
                new WatchedEvent(EventType.NODE_DATA_CHANGED, KeeperState.SYNC_CONNECTED, "/pw"),
                new WatchedEvent(EventType.NODE_CREATED, KeeperState.SYNC_CONNECTED, "/pw/a"),
                new WatchedEvent(EventType.NODE_CREATED, KeeperState.SYNC_CONNECTED, "/pw/a/b"),
                new WatchedEvent(EventType.NODE_DATA_CHANGED, KeeperState.SYNC_CONNECTED, "/pw/a/b"),
                new WatchedEvent(EventType.NODE_DELETED, KeeperState.SYNC_CONNECTED, "/pw/a/b"));

        c.removeWatches("/pw", pers, WatcherType.PERSISTENT, false);
        assertThat(pers.next()).isEqualTo(new WatchedEvent(EventType.PERSISTENT_WATCH_REMOVED,
                KeeperState.SYNC_CONNECTED, "/pw"));
        c.removeAllWatches("/pw", WatcherType.PERSISTENT_RECURSIVE, false);
        assertThat(rec.next()).isEqualTo(new WatchedEvent(EventType.PERSISTENT_WATCH_REMOVED,
                KeeperState.SYNC_CONNECTED, "/pw"));
        // Removed watches see nothing more: a later one-shot watch on the same path is the first to fire.
        EventRecorder probe = new EventRecorder();
        c.getData("/pw", probe);
        writer.setData("/pw", b("3"), -1);
        assertThat(probe.next().type()).isEqualTo(EventType.NODE_DATA_CHANGED);
        assertThat(pers.poll()).isNull();
        assertThat(rec.poll()).isNull();
    }

    @Test
    void removeAndCheckWatches() throws Exception {
        PaddockClient c = connect();
        c.create("/rw", null, OPEN, CreateMode.PERSISTENT);
        EventRecorder w1 = new EventRecorder();
        EventRecorder w2 = new EventRecorder();
        c.getData("/rw", w1);
        c.getChildren("/rw", w2);
        assertThatThrownBy(() -> c.removeWatches("/rw", w1, WatcherType.CHILDREN, false))
                .isInstanceOf(KeeperException.NoWatcherException.class)
                .hasMessage("KeeperErrorCode = No such watcher for /rw");
        c.removeWatches("/rw", w1, WatcherType.DATA, false);
        assertThat(w1.next()).isEqualTo(new WatchedEvent(EventType.DATA_WATCH_REMOVED, KeeperState.SYNC_CONNECTED,
                "/rw"));
        c.removeAllWatches("/rw", WatcherType.ANY, false);
        assertThat(w2.next()).isEqualTo(new WatchedEvent(EventType.CHILD_WATCH_REMOVED, KeeperState.SYNC_CONNECTED,
                "/rw"));
        assertThatThrownBy(() -> c.removeAllWatches("/rw", WatcherType.ANY, false))
                .isInstanceOf(KeeperException.NoWatcherException.class);
        c.exists("/rw", w1);
        c.removeWatchesAsync("/rw", w1, WatcherType.ANY, true).get();
        assertThat(w1.next().type()).isEqualTo(EventType.DATA_WATCH_REMOVED);
        assertThat(c.getWatches().values()).allMatch(List::isEmpty);
    }

    @Test
    void chrootIsAddedToRequestsAndStrippedFromRepliesAndEvents() throws Exception {
        PaddockClient root = connect();
        root.create("/app", null, OPEN, CreateMode.PERSISTENT);
        EventRecorder def = new EventRecorder();
        PaddockClient c = connect(server.connectString() + "/app", def);
        assertThat(c.getConnectString().chroot()).isEqualTo("/app");
        assertThat(c.create("/x", b("1"), OPEN, CreateMode.PERSISTENT)).isEqualTo("/x");
        assertThat(c.create("/x/s-", null, OPEN, CreateMode.EPHEMERAL_SEQUENTIAL)).matches("/x/s-\\d{10}");
        assertThat(root.exists("/app/x", false)).isNotNull();
        assertThat(c.getChildren("/", false)).containsExactly("x");
        assertThat(c.getEphemerals()).singleElement().asString().startsWith("/x/s-");
        assertThat(c.sync("/x")).isEqualTo("/x");
        List<OpResult> r = c.multi(List.of(Op.create("/y", null, OPEN, CreateMode.PERSISTENT)));
        assertThat(((CreateResult) r.get(0)).path()).isEqualTo("/y");
        EventRecorder rec = new EventRecorder();
        c.addWatch("/", rec, AddWatchMode.PERSISTENT_RECURSIVE);
        c.getData("/x", true);
        root.setData("/app/x", b("2"), -1);
        assertThat(def.nextNodeEvent()).isEqualTo(new WatchedEvent(EventType.NODE_DATA_CHANGED,
                KeeperState.SYNC_CONNECTED, "/x"));
        assertThat(rec.next()).isEqualTo(new WatchedEvent(EventType.NODE_DATA_CHANGED, KeeperState.SYNC_CONNECTED,
                "/x"));
        assertThatThrownBy(() -> c.getData("/nope", false)).hasMessage("KeeperErrorCode = NoNode for /nope");
        assertThatThrownBy(() -> PaddockClient.builder(server.connectString() + "/bad/").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Path must not end with / character");
    }

    @Test
    void getConfigIgnoresTheChrootAndAStandaloneServerRefusesReconfig() throws Exception {
        PaddockClient root = connect();
        root.create("/app", null, OPEN, CreateMode.PERSISTENT);
        PaddockClient c = connect(server.connectString() + "/app", new EventRecorder());
        Results.NodeData plain = root.getData("/zookeeper/config", false);
        Results.NodeData config = c.getConfig(false);
        assertThat(config.data()).isEqualTo(plain.data());
        assertThat(config.stat()).isEqualTo(plain.stat());
        assertThat(c.getConfigAsync(true).get(10, java.util.concurrent.TimeUnit.SECONDS).stat())
                .isEqualTo(plain.stat());
        assertThat(c.getWatches().get("data")).containsExactly("/zookeeper/config");
        assertThatThrownBy(() -> c.reconfig("server.1=127.0.0.1:1:2;3", null, null, -1))
                .isInstanceOf(KeeperException.ReconfigDisabledException.class)
                .hasMessage("KeeperErrorCode = Reconfig is disabled");
        assertThatThrownBy(() -> c.reconfigIncremental(null, List.of("1"), 5))
                .isInstanceOf(KeeperException.ReconfigDisabledException.class);
    }

    // ================================================================================ sessions and connections

    @Test
    void connectStringParsing() {
        ConnectString cs = ConnectString.parse("h1:1,h2,[::1]:3/ch/root");
        assertThat(cs.chroot()).isEqualTo("/ch/root");
        assertThat(cs.servers()).extracting(a -> a.getHostString() + ":" + a.getPort())
                .containsExactly("h1:1", "h2:2181", "::1:3");
        assertThat(ConnectString.parse("h:5/").chroot()).isNull();
        assertThatThrownBy(() -> ConnectString.parse("h:5/a//b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failsOverToTheNextHostWhenTheFirstIsDead() throws Exception {
        TestServer dead = newServer("dead");
        String deadAddress = dead.connectString();
        dead.stop();
        EventRecorder events = new EventRecorder();
        PaddockClient c = connect(PaddockClient.builder(deadAddress + "," + server.connectString())
                .shuffleHosts(false).sessionTimeout(10_000).watcher(events));
        assertThat(c.getConnectedServer().getPort()).isEqualTo(server.port());
        assertThat(events.awaitState(KeeperState.SYNC_CONNECTED)).isNotNull();
        c.create("/ok", null, OPEN, CreateMode.PERSISTENT);
    }

    @Test
    void connectionMovesToAnotherServerWhenItsServerDies() throws Exception {
        TestServer second = newServer("s2");
        EventRecorder events = new EventRecorder();
        PaddockClient c = connect(PaddockClient.builder(server.connectString() + "," + second.connectString())
                .shuffleHosts(false).sessionTimeout(10_000).watcher(events));
        events.awaitState(KeeperState.SYNC_CONNECTED);
        assertThat(c.getConnectedServer().getPort()).isEqualTo(server.port());
        server.stop();
        events.awaitState(KeeperState.DISCONNECTED);
        // The second server is a separate ensemble that never heard of this session: it must be reported expired,
        // and the client must not quietly open a new session there.
        events.awaitState(KeeperState.EXPIRED);
        assertThat(c.getState()).isEqualTo(ClientState.CLOSED);
        assertThatThrownBy(() -> c.exists("/", false)).isInstanceOf(KeeperException.SessionExpiredException.class);
    }

    @Test
    void negotiatedTimeoutComesFromTheServer() throws Exception {
        PaddockClient c = connect(PaddockClient.builder(server.connectString()).sessionTimeout(1_000_000));
        assertThat(c.getRequestedSessionTimeout()).isEqualTo(1_000_000);
        assertThat(c.getSessionTimeout()).isPositive().isLessThan(1_000_000);
        PaddockClient ro = connect(PaddockClient.builder(server.connectString()).canBeReadOnly(true));
        assertThat(ro.getState()).isEqualTo(ClientState.CONNECTED);
    }

    @Test
    void pingsKeepAShortSessionAlive() throws Exception {
        EventRecorder events = new EventRecorder();
        PaddockClient c = connect(PaddockClient.builder(server.connectString()).sessionTimeout(2500)
                .watcher(events));
        long id = c.getSessionId();
        int granted = c.getSessionTimeout();
        assertThat(granted).isLessThanOrEqualTo(2500);
        // Stay idle for a few session timeouts; only pings keep the session.
        await().during(Duration.ofMillis(granted * 2L)).atMost(Duration.ofMillis(granted * 2L + 5000))
                .until(() -> c.getState() == ClientState.CONNECTED && c.getSessionId() == id);
        c.create("/alive", null, OPEN, CreateMode.EPHEMERAL);
        assertThat(events.all()).extracting(WatchedEvent::state).containsOnly(KeeperState.SYNC_CONNECTED);
    }

    @Test
    void sessionTakenOverAndClosedElsewhereIsReportedExpired() throws Exception {
        EventRecorder events = new EventRecorder();
        PaddockClient a = connect(server.connectString(), events);
        events.awaitState(KeeperState.SYNC_CONNECTED);
        a.create("/owned", null, OPEN, CreateMode.EPHEMERAL);
        EventRecorder bEvents = new EventRecorder();
        PaddockClient b = connect(PaddockClient.builder(server.connectString()).watcher(bEvents)
                .session(a.getSessionId(), a.getSessionPasswd()).sessionTimeout(10_000));
        assertThat(b.getSessionId()).isEqualTo(a.getSessionId());
        assertThat(b.getEphemerals()).containsExactly("/owned");
        b.close();
        assertThat(bEvents.awaitState(KeeperState.CLOSED)).isNotNull();
        events.awaitState(KeeperState.EXPIRED);
        assertThat(a.getState()).isEqualTo(ClientState.CLOSED);
        PaddockClient c = connect();
        assertThat(c.exists("/owned", false)).isNull();
        assertThatThrownBy(() -> a.getData("/", false)).isInstanceOf(KeeperException.SessionExpiredException.class);
    }

    @Test
    void sessionThatTimesOutWhileCutOffIsReportedExpiredOnReconnect() throws Exception {
        TcpProxy proxy = new TcpProxy(server.port());
        toClose.add(proxy);
        EventRecorder events = new EventRecorder();
        PaddockClient c = connect(PaddockClient.builder(proxy.connectString()).sessionTimeout(1000).watcher(events));
        events.awaitState(KeeperState.SYNC_CONNECTED);
        c.create("/short-lived", null, OPEN, CreateMode.EPHEMERAL);
        proxy.cut();
        events.awaitState(KeeperState.DISCONNECTED);
        // The server expires the session once it has not heard from it for the timeout; watch it happen.
        PaddockClient observer = connect();
        await().atMost(WAIT).until(() -> observer.exists("/short-lived", false) == null);
        proxy.restore();
        events.awaitState(KeeperState.EXPIRED);
        assertThat(c.getState()).isEqualTo(ClientState.CLOSED);
        assertThat(proxy.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void aSilentServerIsDroppedAfterTheReadTimeoutAndTheSessionResumes() throws Exception {
        TcpProxy proxy = new TcpProxy(server.port());
        toClose.add(proxy);
        EventRecorder events = new EventRecorder();
        PaddockClient c = connect(PaddockClient.builder(proxy.connectString()).sessionTimeout(3000).watcher(events));
        events.awaitState(KeeperState.SYNC_CONNECTED);
        long id = c.getSessionId();
        long t0 = System.nanoTime();
        proxy.holdReplies();
        events.awaitState(KeeperState.DISCONNECTED);
        long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(silentMs).as("dropped after about 2/3 of the timeout").isBetween(1000L, 10_000L);
        proxy.releaseReplies();
        events.awaitState(KeeperState.SYNC_CONNECTED);
        assertThat(c.getSessionId()).isEqualTo(id);
        assertThat(c.exists("/", false)).isNotNull();
    }

    @Test
    void wrongPasswordGetsExpired() throws Exception {
        PaddockClient a = connect();
        EventRecorder events = new EventRecorder();
        PaddockClient b = PaddockClient.builder(server.connectString()).watcher(events)
                .session(a.getSessionId(), new byte[16]).sessionTimeout(10_000).build();
        toClose.add(b);
        assertThat(events.next().state()).isEqualTo(KeeperState.EXPIRED);
        assertThat(b.getState()).isEqualTo(ClientState.CLOSED);
        // ZooKeeper drops the owner's connection when another presents its session id; the owner reconnects and
        // its session lives on.
        long owner = a.getSessionId();
        org.awaitility.Awaitility.await().ignoreExceptions()
                .untilAsserted(() -> assertThat(a.exists("/", false)).isNotNull());
        assertThat(a.getSessionId()).isEqualTo(owner);
    }

    @Test
    void connectionLossFailsInFlightRequestsAndTheSessionSurvives() throws Exception {
        TcpProxy proxy = new TcpProxy(server.port());
        toClose.add(proxy);
        EventRecorder events = new EventRecorder();
        PaddockClient c = connect(proxy.connectString(), events);
        events.awaitState(KeeperState.SYNC_CONNECTED);
        long id = c.getSessionId();
        c.create("/inflight", null, OPEN, CreateMode.PERSISTENT);
        proxy.holdReplies();
        CompletableFuture<Stat> f1 = c.setDataAsync("/inflight", b("1"), -1);
        CompletableFuture<Results.NodeData> f2 = c.getDataAsync("/inflight", false);
        proxy.cut();
        assertThatThrownBy(f1::get).hasCauseInstanceOf(KeeperException.ConnectionLossException.class)
                .cause().hasMessage("KeeperErrorCode = ConnectionLoss for /inflight");
        assertThatThrownBy(f2::get).hasCauseInstanceOf(KeeperException.ConnectionLossException.class);
        events.awaitState(KeeperState.DISCONNECTED);
        proxy.restore();
        events.awaitState(KeeperState.SYNC_CONNECTED);
        assertThat(c.getSessionId()).isEqualTo(id);
        assertThat(c.exists("/inflight", false)).isNotNull();
    }

    @Test
    void watchesAndAuthAreRestoredAfterServerRestartAndChangesMadeWhileAwayFire() throws Exception {
        TcpProxy proxy = new TcpProxy(server.port());
        toClose.add(proxy);
        EventRecorder events = new EventRecorder();
        PaddockClient c = connect(PaddockClient.builder(proxy.connectString()).sessionTimeout(10_000)
                .watcher(events));
        events.awaitState(KeeperState.SYNC_CONNECTED);
        long id = c.getSessionId();
        c.addAuthInfo("digest", b("bob:pw"));
        c.create("/rr", b("0"), OPEN, CreateMode.PERSISTENT);
        c.create("/rr/e", null, OPEN, CreateMode.EPHEMERAL);
        c.create("/rr/gone", null, OPEN, CreateMode.PERSISTENT);
        EventRecorder data = new EventRecorder();
        EventRecorder exist = new EventRecorder();
        EventRecorder child = new EventRecorder();
        EventRecorder rec = new EventRecorder();
        EventRecorder deleted = new EventRecorder();
        c.getData("/rr", data);
        c.exists("/rr/new", exist);
        c.getChildren("/rr", child);
        c.getData("/rr/gone", deleted);
        c.addWatch("/rr", rec, AddWatchMode.PERSISTENT_RECURSIVE);

        proxy.cut();
        events.awaitState(KeeperState.DISCONNECTED);
        server.restart();
        // While the client is away (the proxy refuses it), another client changes everything it watches.
        PaddockClient writer = connect();
        writer.setData("/rr", b("1"), -1);
        writer.create("/rr/new", null, OPEN, CreateMode.PERSISTENT);
        writer.delete("/rr/gone", -1);
        proxy.restore();
        events.awaitState(KeeperState.SYNC_CONNECTED);
        assertThat(c.getSessionId()).isEqualTo(id);

        // Every watcher also sees the connection states (as in ZooKeeper), so skip to the node events.
        assertThat(data.nextNodeEvent().type()).isEqualTo(EventType.NODE_DATA_CHANGED);
        assertThat(exist.nextNodeEvent()).isEqualTo(new WatchedEvent(EventType.NODE_CREATED, KeeperState.SYNC_CONNECTED,
                "/rr/new"));
        assertThat(child.nextNodeEvent()).isEqualTo(new WatchedEvent(EventType.NODE_CHILDREN_CHANGED,
                KeeperState.SYNC_CONNECTED, "/rr"));
        assertThat(deleted.nextNodeEvent()).isEqualTo(new WatchedEvent(EventType.NODE_DELETED, KeeperState.SYNC_CONNECTED,
                "/rr/gone"));
        assertThat(rec.nextNodeEvent()).isNotNull();
        // The recursive watch is live again on the restarted server.
        writer.setData("/rr/new", b("x"), -1);
        await().atMost(WAIT).until(() -> rec.all().contains(
                new WatchedEvent(EventType.NODE_DATA_CHANGED, KeeperState.SYNC_CONNECTED, "/rr/new")));
        assertThat(c.whoAmI()).extracting(ClientInfo::user).contains("bob");
        assertThat(c.getEphemerals()).containsExactly("/rr/e");
    }

    @Test
    void closeEndsTheSessionAndReportsClosed() throws Exception {
        EventRecorder events = new EventRecorder();
        PaddockClient c = connect(server.connectString(), events);
        c.create("/tmp-e", null, OPEN, CreateMode.EPHEMERAL);
        c.close();
        assertThat(events.awaitState(KeeperState.CLOSED)).isNotNull();
        assertThat(c.getState()).isEqualTo(ClientState.CLOSED);
        assertThat(events.all()).extracting(WatchedEvent::state).doesNotContain(KeeperState.DISCONNECTED);
        assertThatThrownBy(() -> c.exists("/", false)).isInstanceOf(KeeperException.class);
        assertThatThrownBy(() -> c.createAsync("/z", null, OPEN, CreateMode.PERSISTENT).get())
                .hasCauseInstanceOf(KeeperException.class);
        c.close();
        PaddockClient other = connect();
        assertThat(other.exists("/tmp-e", false)).isNull();
    }

    @Test
    void requestsQueuedWhileDisconnectedFailWhenNoServerAnswers() throws Exception {
        EventRecorder events = new EventRecorder();
        PaddockClient c = connect(server.connectString(), events);
        server.stop();
        events.awaitState(KeeperState.DISCONNECTED);
        assertThatThrownBy(() -> c.getData("/", false))
                .isInstanceOf(KeeperException.ConnectionLossException.class);
        server.start();
        events.awaitState(KeeperState.SYNC_CONNECTED);
        assertThat(c.exists("/", false)).isNotNull();
    }
}

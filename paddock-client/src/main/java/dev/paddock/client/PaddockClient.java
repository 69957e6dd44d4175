package dev.paddock.client;

import dev.paddock.client.ClientConnection.Packet;
import dev.paddock.client.ClientConnection.ReplyHook;
import dev.paddock.client.ClientConnection.ReplyReader;
import dev.paddock.client.Results.AclStat;
import dev.paddock.client.Results.Children;
import dev.paddock.client.Results.Created;
import dev.paddock.client.Results.NodeData;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.EventType;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.KeeperState;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.WatcherType;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.ClientInfo;
import dev.paddock.jute.data.Stat;
import dev.paddock.jute.multi.MultiCodec;
import dev.paddock.jute.multi.MultiOp;
import dev.paddock.jute.multi.MultiResult;
import dev.paddock.jute.multi.MultiRequest;
import dev.paddock.jute.proto.AddWatchRequest;
import dev.paddock.jute.proto.CheckVersionRequest;
import dev.paddock.jute.proto.CheckWatchesRequest;
import dev.paddock.jute.proto.Create2Response;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.CreateResponse;
import dev.paddock.jute.proto.CreateTTLRequest;
import dev.paddock.jute.proto.DeleteRequest;
import dev.paddock.jute.proto.ErrorResponse;
import dev.paddock.jute.proto.ExistsRequest;
import dev.paddock.jute.proto.ExistsResponse;
import dev.paddock.jute.proto.GetACLRequest;
import dev.paddock.jute.proto.GetACLResponse;
import dev.paddock.jute.proto.GetAllChildrenNumberRequest;
import dev.paddock.jute.proto.GetAllChildrenNumberResponse;
import dev.paddock.jute.proto.GetChildren2Request;
import dev.paddock.jute.proto.GetChildren2Response;
import dev.paddock.jute.proto.GetChildrenRequest;
import dev.paddock.jute.proto.GetChildrenResponse;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.GetEphemeralsRequest;
import dev.paddock.jute.proto.GetEphemeralsResponse;
import dev.paddock.jute.proto.ReconfigRequest;
import dev.paddock.jute.proto.RemoveWatchesRequest;
import dev.paddock.jute.proto.SetACLRequest;
import dev.paddock.jute.proto.SetACLResponse;
import dev.paddock.jute.proto.SetDataRequest;
import dev.paddock.jute.proto.SetDataResponse;
import dev.paddock.jute.proto.SyncRequest;
import dev.paddock.jute.proto.SyncResponse;
import dev.paddock.jute.proto.WhoAmIResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A client session with a ZooKeeper-compatible ensemble (Paddock or Apache ZooKeeper).
 *
 * <p>The constructor returns at once; the session is established in the background and reported to the default
 * watcher as SyncConnected (use {@link #awaitConnected(Duration)} to wait for it). Every operation exists in a
 * blocking form, which throws {@link KeeperException}, and an {@code ...Async} form, whose future completes on the
 * client's event thread in request order (never block on a client future inside a watcher or a callback running on
 * that thread; the blocking forms are safe there).
 *
 * <p>Paths are relative to the chroot of the connect string. Znode paths are checked client-side with ZooKeeper's
 * rules and messages ({@link IllegalArgumentException}).
 */
public final class PaddockClient implements AutoCloseable {
    /** Longest a TTL node may live, in ms (40 bits). */
    public static final long MAX_TTL = 0xFFFFFFFFFFL;

    private volatile ConnectString connectString;
    private final ClientConnection cnxn;
    private final WatchManager watches;
    private final int sessionTimeout;

    /** Connects with a new session. */
    public PaddockClient(String connectString, int sessionTimeoutMs, Watcher watcher) throws IOException {
        this(builder(connectString).sessionTimeout(sessionTimeoutMs).watcher(watcher));
    }

    private PaddockClient(Builder b) throws IOException {
        this.connectString = ConnectString.parse(b.connectString);
        this.sessionTimeout = b.sessionTimeout;
        this.watches = new WatchManager(b.watcher);
        Random random = b.random != null ? b.random : new Random();
        HostList hosts = new HostList(connectString.servers(), random, b.shuffle);
        this.cnxn = new ClientConnection(hosts, connectString.chroot(), b.sessionTimeout, b.canBeReadOnly,
                b.sessionId, b.sessionPasswd, watches, b.reconnectDelayMs);
        cnxn.sasl(SaslSetup.from(b.properties));
        cnxn.start();
    }

    public static Builder builder(String connectString) {
        return new Builder(connectString);
    }

    /** Options of a client. */
    public static final class Builder {
        private final String connectString;
        private int sessionTimeout = 30_000;
        private Watcher watcher;
        private boolean canBeReadOnly;
        private long sessionId;
        private byte[] sessionPasswd;
        private boolean shuffle = true;
        private long reconnectDelayMs = 1000;
        private Random random;
        private final java.util.Map<String, String> properties = new java.util.HashMap<>();

        private Builder(String connectString) {
            this.connectString = connectString;
        }

        public Builder sessionTimeout(int ms) {
            this.sessionTimeout = ms;
            return this;
        }

        /** The default watcher: connection states, and the watches set with {@code watch = true}. */
        public Builder watcher(Watcher w) {
            this.watcher = w;
            return this;
        }

        /** Accept a read-only server (reported as ConnectedReadOnly) when no read-write one is reachable. */
        public Builder canBeReadOnly(boolean b) {
            this.canBeReadOnly = b;
            return this;
        }

        /** Re-attach to an existing session instead of creating one. */
        public Builder session(long id, byte[] passwd) {
            this.sessionId = id;
            this.sessionPasswd = passwd;
            return this;
        }

        /** Whether to shuffle the host list (default true, as ZooKeeper does); false tries them in order. */
        public Builder shuffleHosts(boolean b) {
            this.shuffle = b;
            return this;
        }

        /** Pause after every host was tried without success (default 1000 ms, as ZooKeeper). */
        public Builder reconnectDelayMs(long ms) {
            this.reconnectDelayMs = ms;
            return this;
        }

        /**
         * The source of randomness for the host order and for {@link #updateServerList} rebalancing (default: an
         * unseeded one); a seeded one makes both repeatable, for tests.
         */
        public Builder random(Random r) {
            this.random = r;
            return this;
        }

        /**
         * A ZooKeeper client property for this client only (as ZKClientConfig), over the system property of the same
         * name: e.g. {@code zookeeper.sasl.client}, {@code zookeeper.sasl.clientconfig},
         * {@code java.security.auth.login.config}, {@code zookeeper.server.principal}.
         */
        public Builder property(String key, String value) {
            this.properties.put(key, value);
            return this;
        }

        public PaddockClient build() throws IOException {
            if (sessionTimeout <= 0) {
                throw new IllegalArgumentException("session timeout must be positive: " + sessionTimeout);
            }
            return new PaddockClient(this);
        }
    }

    // ===================================================================================== session information

    public ClientState getState() {
        return cnxn.state();
    }

    public long getSessionId() {
        return cnxn.sessionId();
    }

    public byte[] getSessionPasswd() {
        return cnxn.sessionPasswd();
    }

    /** The timeout the server granted (0 before the first connection). */
    public int getSessionTimeout() {
        return cnxn.negotiatedTimeout();
    }

    /** The timeout asked for. */
    public int getRequestedSessionTimeout() {
        return sessionTimeout;
    }

    /** The zxid of the last reply that carried one. */
    public long getLastZxid() {
        return cnxn.lastZxid();
    }

    /** The server currently connected to, or null. */
    public InetSocketAddress getConnectedServer() {
        return cnxn.currentServer();
    }

    public ConnectString getConnectString() {
        return connectString;
    }

    public void register(Watcher defaultWatcher) {
        watches.setDefaultWatcher(defaultWatcher);
    }

    /** Paths with watches of this client, per kind (data, exist, child, persistent, persistentRecursive). */
    public Map<String, List<String>> getWatches() {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        watches.snapshot().forEach((k, v) -> out.put(switch (k) {
            case DATA -> "data";
            case EXIST -> "exist";
            case CHILD -> "child";
            case PERSISTENT -> "persistent";
            case RECURSIVE -> "persistentRecursive";
        }, v));
        return out;
    }

    /**
     * Waits until the client is connected.
     *
     * @return false if it did not connect in time or the client is closed/expired
     */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return cnxn.awaitConnected(timeout.toMillis());
    }

    /** Closes the session on the server and stops the client; idempotent. */
    @Override
    public void close() throws InterruptedException {
        cnxn.close(Math.max(2000, sessionTimeout));
    }

    // ===================================================================================== plumbing

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> call(OpCode op, JuteRecord req, ReplyReader reader, String clientPath,
                                          ReplyHook hook, boolean async) {
        Packet p = new Packet(op, 0, req, reader, clientPath, hook, async);
        return (CompletableFuture<T>) (CompletableFuture<?>) cnxn.submit(p);
    }

    private <T> CompletableFuture<T> failed(KeeperException e, boolean async) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (async) {
            cnxn.queueTask(() -> f.completeExceptionally(e));
        } else {
            f.completeExceptionally(e);
        }
        return f;
    }

    private static <T> T await(CompletableFuture<T> f) throws KeeperException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof KeeperException ke) {
                throw ke;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    private String server(String clientPath) {
        return cnxn.serverPath(clientPath);
    }

    private String client(String serverPath) {
        return cnxn.clientPath(serverPath);
    }

    private Watcher watcherFor(boolean watch) {
        return watch ? watches.defaultWatcher() : null;
    }

    private static ReplyHook register(WatchManager wm, WatchManager.Kind kind, String path, Watcher w) {
        if (w == null) {
            return null;
        }
        return err -> {
            if (err == 0) {
                wm.add(kind, path, w);
            }
            return err;
        };
    }

    // ===================================================================================== create

    /** Creates a znode; returns its actual path. */
    public String create(String path, byte[] data, List<ACL> acl, CreateMode mode)
            throws KeeperException, InterruptedException {
        return await(create(path, data, acl, mode, -1, false)).path();
    }

    /** Creates a znode; returns its actual path and Stat. */
    public Created create2(String path, byte[] data, List<ACL> acl, CreateMode mode)
            throws KeeperException, InterruptedException {
        return await(create(path, data, acl, mode, -1, false));
    }

    /** Creates a znode, with a TTL in ms for the TTL modes (-1 for the others). */
    public Created create2(String path, byte[] data, List<ACL> acl, CreateMode mode, long ttl)
            throws KeeperException, InterruptedException {
        return await(create(path, data, acl, mode, ttl, false));
    }

    public CompletableFuture<Created> createAsync(String path, byte[] data, List<ACL> acl, CreateMode mode) {
        return create(path, data, acl, mode, -1, true);
    }

    public CompletableFuture<Created> createAsync(String path, byte[] data, List<ACL> acl, CreateMode mode,
                                                  long ttl) {
        return create(path, data, acl, mode, ttl, true);
    }

    private static void validateTtl(CreateMode mode, long ttl) {
        if (mode.isTtl()) {
            if (ttl <= 0 || ttl > MAX_TTL) {
                throw new IllegalArgumentException("ttl must be positive and cannot be larger than: " + MAX_TTL);
            }
        } else if (ttl >= 0) {
            throw new IllegalArgumentException("ttl not valid for mode: " + mode);
        }
    }

    private static boolean badAcl(List<ACL> acl) {
        return acl == null || acl.isEmpty() || acl.stream().anyMatch(a -> a == null);
    }

    private CompletableFuture<Created> create(String path, byte[] data, List<ACL> acl, CreateMode mode, long ttl,
                                              boolean async) {
        PathUtils.validatePath(path, mode.sequential);
        validateTtl(mode, ttl);
        if (badAcl(acl)) {
            return failed(new KeeperException.InvalidACLException(), async);
        }
        OpCode op;
        JuteRecord req;
        if (mode.isTtl()) {
            op = OpCode.CREATE_TTL;
            req = new CreateTTLRequest(server(path), data, acl, mode.flag, ttl);
        } else {
            op = mode.isContainer() ? OpCode.CREATE_CONTAINER : OpCode.CREATE2;
            req = new CreateRequest(server(path), data, acl, mode.flag);
        }
        return call(op, req, in -> {
            Create2Response r = Create2Response.read(in);
            return new Created(client(r.path()), r.stat());
        }, path, null, async);
    }

    // ===================================================================================== delete

    public void delete(String path, int version) throws KeeperException, InterruptedException {
        await(delete(path, version, false));
    }

    public CompletableFuture<Void> deleteAsync(String path, int version) {
        return delete(path, version, true);
    }

    private CompletableFuture<Void> delete(String path, int version, boolean async) {
        PathUtils.validatePath(path);
        // Deleting "/" goes to the server unprefixed so that it is refused there, as ZooKeeper's client does.
        String sp = path.equals("/") ? path : server(path);
        return call(OpCode.DELETE, new DeleteRequest(sp, version), null, path, null, async);
    }

    // ===================================================================================== exists

    /** The znode's Stat, or null when it does not exist; {@code watch} leaves the default watcher on it. */
    public Stat exists(String path, boolean watch) throws KeeperException, InterruptedException {
        return await(exists(path, watcherFor(watch), false));
    }

    public Stat exists(String path, Watcher watcher) throws KeeperException, InterruptedException {
        return await(exists(path, watcher, false));
    }

    public CompletableFuture<Stat> existsAsync(String path, boolean watch) {
        return exists(path, watcherFor(watch), true);
    }

    public CompletableFuture<Stat> existsAsync(String path, Watcher watcher) {
        return exists(path, watcher, true);
    }

    private CompletableFuture<Stat> exists(String path, Watcher w, boolean async) {
        PathUtils.validatePath(path);
        ReplyHook hook = err -> {
            if (w != null) {
                if (err == 0) {
                    watches.add(WatchManager.Kind.DATA, path, w);
                } else if (err == ErrorCode.NONODE.code) {
                    watches.add(WatchManager.Kind.EXIST, path, w);
                }
            }
            return err == ErrorCode.NONODE.code ? 0 : err;
        };
        return call(OpCode.EXISTS, new ExistsRequest(server(path), w != null),
                in -> ExistsResponse.read(in).stat(), path, hook, async);
    }

    // ===================================================================================== getData / setData

    public NodeData getData(String path, boolean watch) throws KeeperException, InterruptedException {
        return await(getData(path, watcherFor(watch), false));
    }

    public NodeData getData(String path, Watcher watcher) throws KeeperException, InterruptedException {
        return await(getData(path, watcher, false));
    }

    public CompletableFuture<NodeData> getDataAsync(String path, boolean watch) {
        return getData(path, watcherFor(watch), true);
    }

    public CompletableFuture<NodeData> getDataAsync(String path, Watcher watcher) {
        return getData(path, watcher, true);
    }

    private CompletableFuture<NodeData> getData(String path, Watcher w, boolean async) {
        PathUtils.validatePath(path);
        return call(OpCode.GET_DATA, new GetDataRequest(server(path), w != null), PaddockClient::readNodeData, path,
                register(watches, WatchManager.Kind.DATA, path, w), async);
    }

    private static NodeData readNodeData(JuteInput in) {
        GetDataResponse r = GetDataResponse.read(in);
        return new NodeData(r.data(), r.stat());
    }

    public Stat setData(String path, byte[] data, int version) throws KeeperException, InterruptedException {
        return await(setData(path, data, version, false));
    }

    public CompletableFuture<Stat> setDataAsync(String path, byte[] data, int version) {
        return setData(path, data, version, true);
    }

    private CompletableFuture<Stat> setData(String path, byte[] data, int version, boolean async) {
        PathUtils.validatePath(path);
        return call(OpCode.SET_DATA, new SetDataRequest(server(path), data, version),
                in -> SetDataResponse.read(in).stat(), path, null, async);
    }

    // ===================================================================================== ACLs

    public AclStat getACL(String path) throws KeeperException, InterruptedException {
        return await(getACL(path, false));
    }

    public CompletableFuture<AclStat> getACLAsync(String path) {
        return getACL(path, true);
    }

    private CompletableFuture<AclStat> getACL(String path, boolean async) {
        PathUtils.validatePath(path);
        return call(OpCode.GET_ACL, new GetACLRequest(server(path)), in -> {
            GetACLResponse r = GetACLResponse.read(in);
            return new AclStat(r.acl(), r.stat());
        }, path, null, async);
    }

    public Stat setACL(String path, List<ACL> acl, int aclVersion) throws KeeperException, InterruptedException {
        return await(setACL(path, acl, aclVersion, false));
    }

    public CompletableFuture<Stat> setACLAsync(String path, List<ACL> acl, int aclVersion) {
        return setACL(path, acl, aclVersion, true);
    }

    private CompletableFuture<Stat> setACL(String path, List<ACL> acl, int version, boolean async) {
        PathUtils.validatePath(path);
        if (badAcl(acl)) {
            return failed(new KeeperException.InvalidACLException(), async);
        }
        return call(OpCode.SET_ACL, new SetACLRequest(server(path), acl, version),
                in -> SetACLResponse.read(in).stat(), path, null, async);
    }

    // ===================================================================================== children

    public List<String> getChildren(String path, boolean watch) throws KeeperException, InterruptedException {
        return await(getChildren(path, watcherFor(watch), false));
    }

    public List<String> getChildren(String path, Watcher watcher) throws KeeperException, InterruptedException {
        return await(getChildren(path, watcher, false));
    }

    public CompletableFuture<List<String>> getChildrenAsync(String path, boolean watch) {
        return getChildren(path, watcherFor(watch), true);
    }

    public CompletableFuture<List<String>> getChildrenAsync(String path, Watcher watcher) {
        return getChildren(path, watcher, true);
    }

    private CompletableFuture<List<String>> getChildren(String path, Watcher w, boolean async) {
        PathUtils.validatePath(path);
        return call(OpCode.GET_CHILDREN, new GetChildrenRequest(server(path), w != null),
                in -> GetChildrenResponse.read(in).children(), path,
                register(watches, WatchManager.Kind.CHILD, path, w), async);
    }

    /** The children and the parent's Stat. */
    public Children getChildren2(String path, boolean watch) throws KeeperException, InterruptedException {
        return await(getChildren2(path, watcherFor(watch), false));
    }

    public Children getChildren2(String path, Watcher watcher) throws KeeperException, InterruptedException {
        return await(getChildren2(path, watcher, false));
    }

    public CompletableFuture<Children> getChildren2Async(String path, boolean watch) {
        return getChildren2(path, watcherFor(watch), true);
    }

    public CompletableFuture<Children> getChildren2Async(String path, Watcher watcher) {
        return getChildren2(path, watcher, true);
    }

    private CompletableFuture<Children> getChildren2(String path, Watcher w, boolean async) {
        PathUtils.validatePath(path);
        return call(OpCode.GET_CHILDREN2, new GetChildren2Request(server(path), w != null), in -> {
            GetChildren2Response r = GetChildren2Response.read(in);
            return new Children(r.children(), r.stat());
        }, path, register(watches, WatchManager.Kind.CHILD, path, w), async);
    }

    /** The number of descendants of a znode (itself excluded). */
    public int getAllChildrenNumber(String path) throws KeeperException, InterruptedException {
        return await(getAllChildrenNumber(path, false));
    }

    public CompletableFuture<Integer> getAllChildrenNumberAsync(String path) {
        return getAllChildrenNumber(path, true);
    }

    private CompletableFuture<Integer> getAllChildrenNumber(String path, boolean async) {
        PathUtils.validatePath(path);
        return call(OpCode.GET_ALL_CHILDREN_NUMBER, new GetAllChildrenNumberRequest(server(path)),
                in -> GetAllChildrenNumberResponse.read(in).totalNumber(), path, null, async);
    }

    /** This session's ephemeral znodes. */
    public List<String> getEphemerals() throws KeeperException, InterruptedException {
        return getEphemerals("/");
    }

    /** This session's ephemeral znodes whose path starts with {@code prefixPath}. */
    public List<String> getEphemerals(String prefixPath) throws KeeperException, InterruptedException {
        return await(getEphemerals(prefixPath, false));
    }

    public CompletableFuture<List<String>> getEphemeralsAsync(String prefixPath) {
        return getEphemerals(prefixPath, true);
    }

    private CompletableFuture<List<String>> getEphemerals(String prefix, boolean async) {
        PathUtils.validatePath(prefix);
        return call(OpCode.GET_EPHEMERALS, new GetEphemeralsRequest(server(prefix)), in -> {
            List<String> l = GetEphemeralsResponse.read(in).ephemerals();
            List<String> out = new ArrayList<>(l == null ? 0 : l.size());
            if (l != null) {
                for (String s : l) {
                    out.add(client(s));
                }
            }
            return out;
        }, prefix, null, async);
    }

    // ===================================================================================== sync

    /** Waits until the server this client talks to has caught up with the leader; returns the path. */
    public String sync(String path) throws KeeperException, InterruptedException {
        return await(sync(path, false));
    }

    public CompletableFuture<String> syncAsync(String path) {
        return sync(path, true);
    }

    private CompletableFuture<String> sync(String path, boolean async) {
        PathUtils.validatePath(path);
        return call(OpCode.SYNC, new SyncRequest(server(path)), in -> client(SyncResponse.read(in).path()), path,
                null, async);
    }

    // ===================================================================================== multi

    public Transaction transaction() {
        return new Transaction(this);
    }

    /**
     * Applies create/delete/setData/check ops atomically. On failure throws the KeeperException of the first op
     * that failed, carrying every op's result ({@link KeeperException#getResults()}).
     */
    public List<OpResult> multi(List<Op> ops) throws KeeperException, InterruptedException {
        return await(multi(ops, OpCode.MULTI, false));
    }

    public CompletableFuture<List<OpResult>> multiAsync(List<Op> ops) {
        return multi(ops, OpCode.MULTI, true);
    }

    /** Runs getData/getChildren ops in one round trip; failed ops come back as ErrorResult. */
    public List<OpResult> multiRead(List<Op> ops) throws KeeperException, InterruptedException {
        return await(multi(ops, OpCode.MULTI_READ, false));
    }

    public CompletableFuture<List<OpResult>> multiReadAsync(List<Op> ops) {
        return multi(ops, OpCode.MULTI_READ, true);
    }

    private CompletableFuture<List<OpResult>> multi(List<Op> ops, OpCode kind, boolean async) {
        if (ops.isEmpty()) {
            CompletableFuture<List<OpResult>> f = new CompletableFuture<>();
            f.complete(List.of());
            return f;
        }
        // Validate every op first; a bad op fails the whole multi with BadArguments before anything is sent.
        List<OpResult> validation = new ArrayList<>();
        boolean bad = false;
        for (Op op : ops) {
            ErrorCode problem = validate(op, kind);
            if (problem != null) {
                bad = true;
                validation.add(new OpResult.ErrorResult(problem.code));
            } else {
                validation.add(new OpResult.ErrorResult(ErrorCode.RUNTIMEINCONSISTENCY.code));
            }
        }
        if (bad) {
            return failed(new KeeperException.BadArgumentsException().withResults(validation), async);
        }
        List<MultiOp> wire = new ArrayList<>();
        for (Op op : ops) {
            wire.add(toWire(op));
        }
        return call(kind, new MultiRequest(wire), in -> {
            List<OpResult> results = readMultiResults(in);
            if (kind == OpCode.MULTI) {
                for (OpResult r : results) {
                    if (r instanceof OpResult.ErrorResult er && er.err() != 0) {
                        throw KeeperException.create(er.err(), null).withResults(results);
                    }
                }
            }
            return results;
        }, null, null, async);
    }

    private static ErrorCode validate(Op op, OpCode kind) {
        boolean read = op instanceof Op.GetData || op instanceof Op.GetChildren;
        if (read != (kind == OpCode.MULTI_READ)) {
            throw new IllegalArgumentException("Mixing read and write operations (" + op.getClass().getSimpleName()
                    + ") in a " + (kind == OpCode.MULTI ? "multi" : "multiRead") + " is not allowed");
        }
        try {
            if (op instanceof Op.Create c) {
                PathUtils.validatePath(c.path(), c.mode().sequential);
                validateTtl(c.mode(), c.ttl());
                if (badAcl(c.acl())) {
                    return ErrorCode.INVALIDACL;
                }
            } else {
                PathUtils.validatePath(op.path());
            }
            return null;
        } catch (IllegalArgumentException e) {
            return ErrorCode.BADARGUMENTS;
        }
    }

    private MultiOp toWire(Op op) {
        if (op instanceof Op.Create c) {
            if (c.mode().isTtl()) {
                return new MultiOp(OpCode.CREATE_TTL,
                        new CreateTTLRequest(server(c.path()), c.data(), c.acl(), c.mode().flag, c.ttl()));
            }
            OpCode code = c.mode().isContainer() ? OpCode.CREATE_CONTAINER : OpCode.CREATE2;
            return new MultiOp(code, new CreateRequest(server(c.path()), c.data(), c.acl(), c.mode().flag));
        } else if (op instanceof Op.Delete d) {
            return new MultiOp(OpCode.DELETE, new DeleteRequest(server(d.path()), d.version()));
        } else if (op instanceof Op.SetData s) {
            return new MultiOp(OpCode.SET_DATA, new SetDataRequest(server(s.path()), s.data(), s.version()));
        } else if (op instanceof Op.Check ch) {
            return new MultiOp(OpCode.CHECK, new CheckVersionRequest(server(ch.path()), ch.version()));
        } else if (op instanceof Op.GetData g) {
            return new MultiOp(OpCode.GET_DATA, new GetDataRequest(server(g.path()), false));
        } else if (op instanceof Op.GetChildren g) {
            return new MultiOp(OpCode.GET_CHILDREN, new GetChildrenRequest(server(g.path()), false));
        }
        throw new IllegalArgumentException("unknown op " + op);
    }

    private List<OpResult> readMultiResults(JuteInput in) {
        List<OpResult> out = new ArrayList<>();
        for (MultiResult r : MultiCodec.readResults(in)) {
            out.add(switch (r.type()) {
                case CREATE -> new OpResult.CreateResult(client(((CreateResponse) r.response()).path()), null);
                case CREATE2, CREATE_TTL, CREATE_CONTAINER -> {
                    Create2Response c = (Create2Response) r.response();
                    yield new OpResult.CreateResult(client(c.path()), c.stat());
                }
                case DELETE, DELETE_CONTAINER -> new OpResult.DeleteResult();
                case CHECK -> new OpResult.CheckResult();
                case SET_DATA -> new OpResult.SetDataResult(((SetDataResponse) r.response()).stat());
                case GET_DATA -> {
                    GetDataResponse g = (GetDataResponse) r.response();
                    yield new OpResult.GetDataResult(g.data(), g.stat());
                }
                case GET_CHILDREN -> new OpResult.GetChildrenResult(((GetChildrenResponse) r.response()).children());
                case ERROR -> new OpResult.ErrorResult(((ErrorResponse) r.response()).err());
                default -> throw new IllegalStateException("invalid result type " + r.type() + " in multi response");
            });
        }
        return out;
    }

    // ===================================================================================== watches

    /** Adds a persistent (or persistent recursive) watch that stays until removed; null watcher = default. */
    public void addWatch(String basePath, Watcher watcher, AddWatchMode mode)
            throws KeeperException, InterruptedException {
        await(addWatch(basePath, watcher == null ? watches.defaultWatcher() : watcher, mode, false));
    }

    /** Adds a persistent watch for the default watcher. */
    public void addWatch(String basePath, AddWatchMode mode) throws KeeperException, InterruptedException {
        await(addWatch(basePath, watches.defaultWatcher(), mode, false));
    }

    public CompletableFuture<Void> addWatchAsync(String basePath, Watcher watcher, AddWatchMode mode) {
        return addWatch(basePath, watcher == null ? watches.defaultWatcher() : watcher, mode, true);
    }

    private CompletableFuture<Void> addWatch(String path, Watcher w, AddWatchMode mode, boolean async) {
        PathUtils.validatePath(path);
        WatchManager.Kind kind = mode == AddWatchMode.PERSISTENT ? WatchManager.Kind.PERSISTENT
                : WatchManager.Kind.RECURSIVE;
        ReplyHook hook = err -> {
            if (err == 0 && w != null) {
                watches.add(kind, path, w);
            }
            return err;
        };
        return call(OpCode.ADD_WATCH, new AddWatchRequest(server(path), mode.mode), null, path, hook, async);
    }

    /**
     * Removes one watcher's watches of {@code type} on {@code path} (the server is asked with checkWatches).
     * {@code local} removes them client-side even when the server cannot be reached.
     *
     * @throws KeeperException.NoWatcherException if the watcher has no such watch
     */
    public void removeWatches(String path, Watcher watcher, WatcherType type, boolean local)
            throws KeeperException, InterruptedException {
        await(removeWatches(OpCode.CHECK_WATCHES, path, watcher, type, local, false));
    }

    public CompletableFuture<Void> removeWatchesAsync(String path, Watcher watcher, WatcherType type,
                                                      boolean local) {
        return removeWatches(OpCode.CHECK_WATCHES, path, watcher, type, local, true);
    }

    /** Removes every watch of {@code type} on {@code path} (the server is asked with removeWatches). */
    public void removeAllWatches(String path, WatcherType type, boolean local)
            throws KeeperException, InterruptedException {
        await(removeWatches(OpCode.REMOVE_WATCHES, path, null, type, local, false));
    }

    public CompletableFuture<Void> removeAllWatchesAsync(String path, WatcherType type, boolean local) {
        return removeWatches(OpCode.REMOVE_WATCHES, path, null, type, local, true);
    }

    private CompletableFuture<Void> removeWatches(OpCode op, String path, Watcher w, WatcherType type, boolean local,
                                                  boolean async) {
        PathUtils.validatePath(path);
        if (op == OpCode.CHECK_WATCHES && w == null) {
            throw new IllegalArgumentException("Invalid Watcher, shouldn't be null!");
        }
        if (!watches.contains(path, w, type)) {
            if (async) {
                return failed(new KeeperException.NoWatcherException(path), true);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            f.completeExceptionally(new KeeperException.NoWatcherException(path));
            return f;
        }
        ReplyHook hook = err -> {
            if (err != 0 && !local) {
                return err;
            }
            Map<EventType, Set<Watcher>> removed = watches.remove(path, w, type);
            if (removed.values().stream().allMatch(Set::isEmpty)) {
                return ErrorCode.NOWATCHER.code;
            }
            removed.forEach((ev, ws) -> {
                if (!ws.isEmpty()) {
                    cnxn.queueEvent(new WatchedEvent(ev, KeeperState.SYNC_CONNECTED, path), ws);
                }
            });
            return 0;
        };
        String sp = server(path);
        JuteRecord req = op == OpCode.CHECK_WATCHES ? new CheckWatchesRequest(sp, type.code)
                : new RemoveWatchesRequest(sp, type.code);
        return call(op, req, null, path, hook, async);
    }

    // ===================================================================================== ensemble configuration

    /**
     * The last committed ensemble configuration the server knows, and its Stat: the data of
     * {@code /zookeeper/config}, which the chroot does not apply to (as in ZooKeeper). {@code watch} leaves the
     * default watcher on it; a reconfiguration fires it as NodeDataChanged of {@code /zookeeper/config}.
     */
    public NodeData getConfig(boolean watch) throws KeeperException, InterruptedException {
        return await(getConfig(watcherFor(watch), false));
    }

    public NodeData getConfig(Watcher watcher) throws KeeperException, InterruptedException {
        return await(getConfig(watcher, false));
    }

    public CompletableFuture<NodeData> getConfigAsync(boolean watch) {
        return getConfig(watcherFor(watch), true);
    }

    public CompletableFuture<NodeData> getConfigAsync(Watcher watcher) {
        return getConfig(watcher, true);
    }

    private CompletableFuture<NodeData> getConfig(Watcher w, boolean async) {
        String node = ClientConnection.CONFIG_NODE;
        return call(OpCode.GET_DATA, new GetDataRequest(node, w != null), PaddockClient::readNodeData, node,
                register(watches, WatchManager.Kind.DATA, node, w), async);
    }

    /**
     * Changes the ensemble's membership (ZooKeeper's {@code reconfig}, opcode 16) and returns the new
     * configuration's data and Stat. Incremental: {@code joining} lists servers to add or change, each as in a
     * config file ({@code server.4=host:quorumPort:electionPort[:participant|:observer];[clientHost:]clientPort}),
     * comma-separated; {@code leaving} lists server ids to remove; {@code newMembers} is null. Non-incremental:
     * {@code newMembers} is the whole new membership (comma- or newline-separated), the other two null.
     * {@code fromConfig} is the configuration version it must apply to (-1: any); a mismatch fails with BadVersion.
     * Only the super user may reconfigure (or anyone when the servers skip ACLs); the servers must run with
     * {@code reconfigEnabled=true} (else ReconfigDisabled). Other failures: ReconfigInProgress, NewConfigNoQuorum,
     * BadArguments.
     */
    public NodeData reconfig(String joining, String leaving, String newMembers, long fromConfig)
            throws KeeperException, InterruptedException {
        return await(reconfig(joining, leaving, newMembers, fromConfig, false));
    }

    /** As {@link #reconfig(String, String, String, long)} with lists (null for none), as ZooKeeperAdmin takes them. */
    public NodeData reconfig(List<String> joining, List<String> leaving, List<String> newMembers, long fromConfig)
            throws KeeperException, InterruptedException {
        return await(reconfig(join(joining), join(leaving), join(newMembers), fromConfig, false));
    }

    /** Adds (or changes) {@code joining} servers and removes {@code leaving} ids; either may be null or empty. */
    public NodeData reconfigIncremental(List<String> joining, List<String> leaving, long fromConfig)
            throws KeeperException, InterruptedException {
        return reconfig(joining, leaving, null, fromConfig);
    }

    /** Replaces the whole membership with {@code members} (one server spec each). */
    public NodeData reconfigMembers(List<String> members, long fromConfig) throws KeeperException, InterruptedException {
        return reconfig(null, null, members, fromConfig);
    }

    public CompletableFuture<NodeData> reconfigAsync(String joining, String leaving, String newMembers,
                                                     long fromConfig) {
        return reconfig(joining, leaving, newMembers, fromConfig, true);
    }

    public CompletableFuture<NodeData> reconfigAsync(List<String> joining, List<String> leaving,
                                                     List<String> newMembers, long fromConfig) {
        return reconfig(join(joining), join(leaving), join(newMembers), fromConfig, true);
    }

    private static String join(List<String> l) {
        return l == null ? null : String.join(",", l);
    }

    private CompletableFuture<NodeData> reconfig(String joining, String leaving, String newMembers, long fromConfig,
                                                 boolean async) {
        // Failures carry an empty path, as ZooKeeperAdmin's do.
        return call(OpCode.RECONFIG, new ReconfigRequest(joining, leaving, newMembers, fromConfig),
                PaddockClient::readNodeData, "", null, async);
    }

    /**
     * Replaces the servers this client may connect to (the chroot stays). When the list grows, a share of the
     * clients of a server that stays moves to the new servers, chosen at random so that every server ends up with
     * the same expected load; a client whose server left moves for sure. A moving client drops its connection and
     * reconnects with its session (its watchers see Disconnected, then SyncConnected), as ZooKeeper's
     * {@code updateServerList} does.
     *
     * @return whether this client moves (ZooKeeper's method returns nothing)
     */
    public boolean updateServerList(String connectString) {
        ConnectString parsed = ConnectString.parse(connectString);
        this.connectString = new ConnectString(parsed.servers(), this.connectString.chroot());
        return cnxn.updateServerList(parsed.servers());
    }

    /** The servers the client currently chooses from, in its order of trying. */
    public List<InetSocketAddress> getServerList() {
        return cnxn.servers();
    }

    // ===================================================================================== auth

    /** Adds credentials to the session; they are re-sent after every reconnect. */
    public void addAuthInfo(String scheme, byte[] auth) {
        cnxn.addAuth(scheme, auth);
    }

    /** The identities the server associates with this session. */
    public List<ClientInfo> whoAmI() throws KeeperException, InterruptedException {
        return await(whoAmI(false));
    }

    public CompletableFuture<List<ClientInfo>> whoAmIAsync() {
        return whoAmI(true);
    }

    private CompletableFuture<List<ClientInfo>> whoAmI(boolean async) {
        return call(OpCode.WHO_AM_I, null, in -> {
            List<ClientInfo> l = WhoAmIResponse.read(in).clientInfo();
            return l == null ? List.of() : l;
        }, null, null, async);
    }

    @Override
    public String toString() {
        return "PaddockClient[state=" + getState() + ", session=0x" + Long.toHexString(getSessionId()) + ", server="
                + getConnectedServer() + "]";
    }
}

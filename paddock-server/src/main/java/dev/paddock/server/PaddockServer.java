package dev.paddock.server;

import dev.paddock.core.CoreNode;
import dev.paddock.server.ensemble.EnsembleRuntime;
import dev.paddock.server.core.CoreDriver;
import dev.paddock.server.core.DurableTxnLog;
import dev.paddock.server.core.InMemoryTxnLog;
import dev.paddock.core.ServerCore;
import dev.paddock.server.core.TxnLog;
import dev.paddock.server.core.ServerClock;
import dev.paddock.server.faults.FaultControl;
import dev.paddock.server.faults.FaultyStorage;
import dev.paddock.server.admin.Restorer;
import dev.paddock.server.admin.StandaloneRestore;
import dev.paddock.server.fourlw.FourLetterWordCommands;
import dev.paddock.server.http.HttpServices;
import dev.paddock.server.metrics.CoreMetrics;
import dev.paddock.security.tls.TlsConfigException;
import dev.paddock.security.tls.TlsContext;
import dev.paddock.security.tls.TlsContextReloader;
import dev.paddock.server.net.ClientPortServer;
import dev.paddock.server.net.ClientTls;
import dev.paddock.server.net.ConnectionRegistry;
import dev.paddock.server.net.CoreGateway;
import dev.paddock.server.net.NettyWarmup;
import dev.paddock.server.net.ServerStats;
import dev.paddock.storage.Recovery;
import dev.paddock.storage.Storage;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Paddock server: the core on its own thread, the client port, four-letter words.
 *
 * <pre>
 * PaddockServer server = PaddockServer.start(ServerConfig.fromProperties(props));
 * int port = server.clientPort();
 * ...
 * server.close();
 * </pre>
 */
public final class PaddockServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PaddockServer.class);

    static {
        showMyIdInLogs("");
    }

    /** Log lines carry "[myid:N]" as ZooKeeper's do (logback's pattern reads this context property). */
    private static void showMyIdInLogs(String myId) {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.putProperty("paddock.myid", myId);
        }
    }

    /** The state srvr/stat/mntr report. */
    public static final String STATE = "standalone";

    private final ServerConfig config;
    private final CoreDriver driver;
    private final ClientPortServer clientPort;
    /** The TLS-only port (secureClientPort), or null. */
    private final ClientPortServer securePort;
    /** Reloads the client port's certificates (client.certReload), or null. */
    private final AutoCloseable tlsReloader;
    private final ServerView view;
    private final HttpServices http;
    private final Supplier<String> state;
    private final BooleanSupplier serving;
    private final List<AutoCloseable> resources;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile Throwable fatal;

    /**
     * Starts a server: recovers the data directory (snapshot plus log), binds the client port (clientPort=0: an
     * ephemeral one) and starts the core with the durable, group-committed transaction log.
     */
    public static PaddockServer start(ServerConfig config) throws IOException {
        FaultControl faults = FaultControl.fromSystemProperty();
        ServerClock.useFaultControl(faults); // process-wide: this JVM runs this one server
        return startWithFaults(config, faults);
    }

    /**
     * As {@link #start(ServerConfig)}, with the test-only fault hooks driven by {@code faults} (null: none). The
     * system property is per JVM, so in-process ensembles give each server its own control here.
     */
    public static PaddockServer startWithFaults(ServerConfig config, FaultControl faults) throws IOException {
        long startNs = System.nanoTime();
        config.core().clientAuth().clientAuth(); // JAAS login (Kerberos: keytab, KDC) now: a bad set-up stops the start
        StorageSettings st = config.storage();
        Storage storage = FaultyStorage.open(st.dataDir(), st.dataLogDir(), new Storage.Config(st.snapCount(),
                st.preAllocSizeKb() * 1024, st.forceSync(),
                new Recovery.Options(st.trustEmptySnapshot(), st.truncateCorruptLog())), faults);
        Recovery.Result recovered;
        long snapshotMs = -1;
        long dbInitMs;
        try {
            recovered = storage.recover();
            dbInitMs = (System.nanoTime() - startNs) / 1_000_000;
            if (!storage.hasSnapshot()) {
                long snapStart = System.nanoTime();
                storage.snapshot(recovered.tree(), recovered.sessions(), recovered.lastZxid());
                snapshotMs = (System.nanoTime() - snapStart) / 1_000_000;
            }
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
        LOG.info("Data directory ready in {} ms: zxid 0x{}, {} nodes, {} sessions", (System.nanoTime() - startNs) / 1_000_000,
                Long.toHexString(recovered.lastZxid()), recovered.tree().nodeCount(), recovered.sessions().size());
        NettyWarmup.await(); // Netty from here on (main started its warm-up; anyone else's start: no wait)
        if (config.isEnsemble()) {
            PaddockServer member = startEnsemble(config, storage, recovered, faults);
            recordStartup(member, recovered, dbInitMs, snapshotMs);
            return member;
        }
        DurableTxnLog log = new DurableTxnLog(storage, recovered.lastZxid(), st.snapRetainCount(),
                st.purgeInterval());
        PaddockServer server;
        try {
            server = new PaddockServer(config, now -> new ServerCore(config.toCoreConfig(), now,
                    recovered.tree(), recovered.sessions()), log, () -> STATE, () -> true, defaultTickPeriod(config),
                    List.of());
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        recordStartup(server, recovered, dbInitMs, snapshotMs);
        log.recordInto(server.view.stats().metrics());
        log.onSnapshotDue(() -> server.driver.submit("snapshot", null,
                (c, now) -> log.snapshotInBackground(c.tree(), c.sessionTimeouts(), c.lastProcessedZxid())));
        return server;
    }

    /** ZooKeeper's start-up metrics: dbinittime, startup_snap_load_time, startup_txns_load_time and _loaded. */
    private static void recordStartup(PaddockServer server, Recovery.Result recovered, long dbInitMs, long snapshotMs) {
        dev.paddock.server.metrics.ServerMetrics m = server.view.stats().metrics();
        m.dbInitTime.add(dbInitMs);
        m.startupSnapLoadTime.add(recovered.snapshotLoadMs());
        if (recovered.replayed() > 0) { // as ZooKeeper, which books nothing when the logs hold no txn to replay
            m.startupTxnsLoadTime.add(recovered.replayMs());
            m.startupTxnsLoaded.add(recovered.replayed());
        }
        if (snapshotMs >= 0) {
            m.snapshotTime.add(snapshotMs); // the first snapshot of an empty data directory, as ZooKeeper takes one
        }
    }

    /** An ensemble member: the quorum node on the core thread, its election and quorum ports, the client port. */
    private static PaddockServer startEnsemble(ServerConfig config, Storage storage, Recovery.Result recovered,
            FaultControl faults) throws IOException {
        showMyIdInLogs(Long.toString(config.ensemble().myId()));
        AtomicReference<PaddockServer> self = new AtomicReference<>();
        EnsembleRuntime runtime;
        try {
            runtime = EnsembleRuntime.create(config, storage, recovered, faults, t -> {
                PaddockServer s = self.get();
                if (s != null) {
                    s.fail(t);
                }
            });
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
        PaddockServer server;
        try {
            server = new PaddockServer(config, now -> runtime.peer(), new InMemoryTxnLog(), runtime::state,
                    runtime::serving, EnsembleRuntime.TICK_PERIOD_MS, List.of(runtime));
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
        self.set(server);
        try {
            runtime.start(server.driver);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static ConfigException refuseEnsemble(EnsembleConfig e) {
        return new ConfigException("the configuration describes an ensemble (myid " + e.myId() + ", "
                + e.participants().size() + " participants " + e.participants().keySet() + ", "
                + e.observers().size() + " observers " + e.observers().keySet() + ", standaloneEnabled="
                + e.standaloneEnabled() + "); an ensemble member runs on its own data directory, not on a supplied core");
    }

    /** As {@link #start(ServerConfig)} with another core and nothing on disk (tests, embedding). */
    public static PaddockServer start(ServerConfig config, LongFunction<CoreNode> coreFactory) throws IOException {
        if (config.isEnsemble()) {
            throw refuseEnsemble(config.ensemble());
        }
        Files.createDirectories(config.dataDir());
        Files.createDirectories(config.dataLogDir());
        return new PaddockServer(config, coreFactory, new InMemoryTxnLog(), () -> STATE, () -> true,
                defaultTickPeriod(config), List.of());
    }

    private static long defaultTickPeriod(ServerConfig config) {
        return Math.max(1, Math.min(config.tickTime() / 2, 100));
    }

    /**
     * @param state      what srvr/stat/mntr report as the server's mode
     * @param serving    whether the four-letter words answer or say the server is not serving
     * @param tickPeriod how often the core is ticked, in ms
     * @param resources  closed (in order) after the core has stopped
     */
    PaddockServer(ServerConfig config, LongFunction<CoreNode> coreFactory, TxnLog txnLog, Supplier<String> state,
                  BooleanSupplier serving, long tickPeriod, List<AutoCloseable> resources) throws IOException {
        this.config = config;
        this.state = state;
        this.serving = serving;
        this.resources = resources;
        ServerStats stats = new ServerStats();
        OverloadSettings limits = config.overload();
        if (config.isEnsemble()) {
            EnsembleConfig e = config.ensemble();
            limits = limits.forMember(e.participants().size(), e.observers().containsKey(e.myId()));
        }
        LongFunction<CoreNode> measured = now -> {
            CoreNode node = coreFactory.apply(now);
            node.recordInto(new CoreMetrics(stats.metrics()));
            return node;
        };
        this.driver = CoreDriver.start(measured, txnLog, tickPeriod, this::fail, limits, stats.overload());
        ConnectionRegistry registry = ConnectionRegistry.create(config.maxClientCnxns(), limits, stats.overload(),
                ServerClock.elapsedMs());
        int[] boundPort = {config.clientPort()};
        this.view = new ServerView(config, () -> boundPort[0], stats, registry, driver, state, serving);
        FourLetterWordCommands fourLetterWords = new FourLetterWordCommands(view);
        InetSocketAddress address = config.clientPortAddress() == null
                ? new InetSocketAddress(config.clientPort())
                : new InetSocketAddress(InetAddress.getByName(config.clientPortAddress()), config.clientPort());
        ClientPortSettings cps = config.client();
        int cpus = Runtime.getRuntime().availableProcessors();
        EventLoopGroup io = cps.ioOnCoreThread(cpus) ? driver.loop() : null;
        EventLoop settle = cps.sessionsOnCoreThread(cpus) ? driver.loop().next() : null;
        int ioThreads = Math.max(0, cps.ioThreads());
        ClientTlsSettings ct = config.clientTls();
        Supplier<TlsContext> tlsContext = null;
        AutoCloseable reloader = null;
        ClientPortServer secure = null;
        ClientTls unifiedTls = null;
        ClientTls secureTls = null;
        try {
            if (ct.enabled()) {
                try {
                    if (ct.certReload()) {
                        TlsContextReloader r = new TlsContextReloader(ct.tls(), TlsContext::forServer,
                                TlsContextReloader.DEFAULT_POLL_MS);
                        reloader = r;
                        tlsContext = r;
                    } else {
                        TlsContext fixed = TlsContext.forServer(ct.tls());
                        tlsContext = () -> fixed;
                    }
                } catch (TlsConfigException e) {
                    throw new ConfigException(e.getMessage(), e);
                }
            }
            unifiedTls = ct.portUnification() ? clientTls(tlsContext, true, ct) : null;
            this.clientPort = ClientPortServer.bind(address, config.juteMaxBuffer(), limits, driver, stats,
                    registry, fourLetterWords, unifiedTls, io, ioThreads, settle);
            if (ct.secureClientPort() >= 0) {
                InetSocketAddress secureAddress = ct.secureClientPortAddress() == null
                        ? new InetSocketAddress(ct.secureClientPort())
                        : new InetSocketAddress(InetAddress.getByName(ct.secureClientPortAddress()),
                                ct.secureClientPort());
                try {
                    secureTls = clientTls(tlsContext, false, ct);
                    secure = ClientPortServer.bind(secureAddress, config.juteMaxBuffer(), limits, driver, stats,
                            registry, fourLetterWords, secureTls, io, ioThreads, settle);
                } catch (IOException | RuntimeException e) {
                    clientPort.close();
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(reloader);
            driver.close();
            throw e;
        }
        this.securePort = secure;
        this.tlsReloader = reloader;
        boundPort[0] = clientPort.localAddress().getPort();
        try {
            Restorer restorer = config.isEnsemble() ? null
                    : new StandaloneRestore(driver, txnLog, config.toCoreConfig(), registry);
            this.http = HttpServices.start(view, fourLetterWords.figures(), restorer);
        } catch (IOException | RuntimeException e) {
            clientPort.close();
            if (securePort != null) {
                securePort.close();
            }
            closeQuietly(tlsReloader);
            driver.close();
            throw e;
        }
        InetSocketAddress bound = clientPort.localAddress();
        String where = (bound.getAddress() == null || bound.getAddress().isAnyLocalAddress() ? "*"
                : bound.getAddress().getHostAddress()) + ":" + bound.getPort();
        LOG.info("Paddock {} started ({}): client port {} ({}, {}), dataDir {}, config {}", Version.VERSION,
                config.isEnsemble() ? "ensemble member " + config.ensemble().myId() : STATE,
                where, clientPort.transport(), io != null ? "I/O on the core thread"
                        : (ioThreads == 0 ? "Netty's default" : ioThreads) + " I/O threads"
                                + (settle != null ? ", sessions in use on the core thread" : ""),
                config.dataDir(), config.source());
        if (ct.enabled()) {
            LOG.info("Client TLS: secure client port {}, port unification {}, certificate reload {}, provider {}, {}",
                    securePort == null ? "off" : securePort.localAddress(), ct.portUnification(), ct.certReload(),
                    (secureTls != null ? secureTls : unifiedTls).provider(), ct.tls());
        }
        LOG.info("Limits: {}", limits);
    }

    /** The TLS of one client port; a store or setting OpenSSL cannot use is a ConfigException. */
    private static ClientTls clientTls(Supplier<TlsContext> context, boolean plainToo, ClientTlsSettings ct) {
        try {
            return new ClientTls(context, plainToo, ct.x509SuperUser(), ct.openSsl());
        } catch (TlsConfigException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", c, e.toString());
        }
    }

    /** The TLS-only client port actually bound (secureClientPort), or -1 when there is none. */
    public int secureClientPort() {
        return securePort == null ? -1 : securePort.localAddress().getPort();
    }

    /** The client port actually bound. */
    public int clientPort() {
        return clientPort.localAddress().getPort();
    }

    public InetSocketAddress clientAddress() {
        return clientPort.localAddress();
    }

    public ServerConfig config() {
        return config;
    }

    /** What the four-letter words, admin commands, metrics and console read. */
    public ServerView view() {
        return view;
    }

    /** The admin server's bound address, or null when it is off (or could not bind). */
    public InetSocketAddress adminAddress() {
        return http.adminAddress();
    }

    /** The Prometheus metrics endpoint's bound address, or null when it is off. */
    public InetSocketAddress metricsAddress() {
        return http.metricsAddress();
    }

    /** The separate HTTPS metrics port's bound address, or null. */
    public InetSocketAddress metricsHttpsAddress() {
        return http.metricsHttpsAddress();
    }

    /** Stops the client port and the core. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Paddock shutting down (client port {})", clientPort.localAddress().getPort());
        try {
            http.close();
            clientPort.close();
            if (securePort != null) {
                securePort.close();
            }
            closeQuietly(tlsReloader);
        } finally {
            driver.close();
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} failed: {}", r, e.toString());
                }
            }
            closedLatch.countDown();
        }
        LOG.info("Paddock stopped");
    }

    /** The server cannot go on (its log or disk failed): stop it, and exit 1 when run from main. */
    void fail(Throwable t) {
        fatal = t;
        closeInBackground();
    }

    /** The core driver, for the ensemble runtime to post work to the core thread. */
    CoreDriver driver() {
        return driver;
    }

    private void closeInBackground() {
        Thread t = new Thread(this::close, "paddock-shutdown");
        t.setDaemon(false);
        t.start();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        closedLatch.await();
    }

    /**
     * {@code PaddockServer [zoo.cfg]}: with a path, reads that zoo.cfg; without, runs on the embedded defaults
     * (standalone, port 2181, dataDir {@code <paddock.home>/data}, where paddock.home is a system property set by
     * bin/paddock-server and defaults to the working directory).
     */
    public static void main(String[] args) {
        if (args.length > 1) {
            System.err.println("Usage: PaddockServer [zoo.cfg]");
            System.exit(2);
        }
        NettyWarmup.start(); // Netty loads on another core while the config is read and the data recovered
        ServerConfig config;
        try {
            config = args.length == 1 ? ServerConfig.load(Path.of(args[0]))
                    : ServerConfig.defaults(Path.of(System.getProperty("paddock.home", ".")));
        } catch (ConfigException | IOException e) {
            LOG.error("Invalid config, exiting abnormally: {}", e.getMessage());
            System.err.println("Invalid config, exiting abnormally: " + e.getMessage());
            System.exit(2);
            return;
        }
        PaddockServer server;
        try {
            server = start(config);
        } catch (IOException | RuntimeException e) {
            LOG.error("Unable to start Paddock: {}", e.getMessage(), e);
            System.err.println("Unable to start Paddock: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "paddock-shutdown-hook"));
        try {
            server.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (server.fatal != null) {
            System.exit(1);
        }
    }
}

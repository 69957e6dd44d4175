package dev.paddock.server.core;

import dev.paddock.core.CoreFigures;
import dev.paddock.core.CoreNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.core.ClientConnection;
import dev.paddock.core.LoggedTxn;
import dev.paddock.core.SessionView;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.txn.TxnHeader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoreDriverTest {
    /** Records calls and the thread they ran on; proposes one txn per request. */
    static final class FakeCore implements CoreNode {
        final List<String> events = new CopyOnWriteArrayList<>();
        final Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final AtomicInteger ticks = new AtomicInteger();
        final List<LoggedTxn> proposals = new ArrayList<>();
        /** How long each request keeps the core busy (a costly or not yet compiled request). */
        volatile long requestNanos;
        long zxid;

        private void on(String e) {
            threads.add(Thread.currentThread());
            events.add(e);
        }

        @Override
        public void connect(ClientConnection conn, ConnectRequest request, long nowMs) {
            on("connect");
        }

        @Override
        public void request(ClientConnection conn, RequestHeader header, JuteRecord body, long nowMs) {
            on("request " + header.xid());
            long busyUntil = System.nanoTime() + requestNanos;
            while (System.nanoTime() - busyUntil < 0) {
                Thread.onSpinWait();
            }
            if (header.xid() < 0) {
                throw new IllegalStateException("boom");
            }
            zxid++;
            proposals.add(new LoggedTxn(new TxnHeader(1, header.xid(), zxid, nowMs, OpCode.CREATE.code), null));
        }

        @Override
        public void connectionClosed(ClientConnection conn, long nowMs) {
            on("closed");
        }

        @Override
        public void tick(long nowMs) {
            threads.add(Thread.currentThread());
            ticks.incrementAndGet();
        }

        @Override
        public List<LoggedTxn> takeProposals() {
            List<LoggedTxn> p = new ArrayList<>(proposals);
            proposals.clear();
            return p;
        }

        @Override
        public void committed(long zxid, long nowMs) {
            on("committed 0x" + Long.toHexString(zxid));
        }

        @Override
        public long lastProcessedZxid() {
            return zxid;
        }

        @Override
        public int nodeCount() {
            return 4;
        }

        @Override
        public long approximateDataSize() {
            return 0;
        }

        @Override
        public List<SessionView> sessions() {
            return List.of();
        }

        @Override
        public int ephemeralCount() {
            return 0;
        }

        @Override
        public int watchCount() {
            return 0;
        }

        @Override
        public Map<Long, Set<String>> watchesBySession() {
            return Map.of();
        }

        @Override
        public Map<String, Set<Long>> watchesByPath() {
            return Map.of();
        }

        @Override
        public int outstandingRequests() {
            return 0;
        }
    }

    /** Records what was appended and synced, in order. */
    static final class RecordingLog implements TxnLog {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile boolean fail;
        long last;

        @Override
        public void append(List<LoggedTxn> txns) throws IOException {
            if (fail) {
                throw new IOException("disk full");
            }
            for (LoggedTxn t : txns) {
                events.add("append 0x" + Long.toHexString(t.zxid()));
                last = t.zxid();
            }
        }

        @Override
        public void sync() {
            events.add("sync");
        }

        @Override
        public long lastZxid() {
            return last;
        }

        @Override
        public void close() {
            events.add("close");
        }
    }

    CoreDriver driver;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void proposalsAreLoggedSyncedThenCommittedAfterEachTask() throws Exception {
        FakeCore core = new FakeCore();
        RecordingLog log = new RecordingLog();
        driver = CoreDriver.start(now -> core, log, 1000, t -> { });
        driver.submit("r1", null, (c, now) -> c.request(null, new RequestHeader(1, 1), null, now));
        driver.submit("r2", null, (c, now) -> {
            c.request(null, new RequestHeader(2, 1), null, now);
            c.request(null, new RequestHeader(3, 1), null, now);
        });
        driver.submit("read", null, (c, now) -> c.connect(null, null, now));
        await().atMost(Duration.ofSeconds(5)).until(() -> core.events.contains("connect"));
        assertThat(core.events).containsExactly("request 1", "committed 0x1", "request 2", "request 3",
                "committed 0x3", "connect");
        assertThat(log.events).containsExactly("append 0x1", "sync", "append 0x2", "append 0x3", "sync");
    }

    @Test
    void everyCallRunsOnOneCoreThreadAndTicksArrive() throws Exception {
        FakeCore core = new FakeCore();
        AtomicReference<Thread> built = new AtomicReference<>();
        driver = CoreDriver.start(now -> {
            built.set(Thread.currentThread());
            return core;
        }, new InMemoryTxnLog(), 10, t -> { });
        for (int i = 1; i <= 20; i++) {
            int xid = i;
            driver.submit("r", null, (c, now) -> c.request(null, new RequestHeader(xid, 1), null, now));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> core.ticks.get() >= 3 && core.events.size() >= 40);
        assertThat(core.threads).containsExactly(built.get());
        assertThat(built.get().getName()).isEqualTo("paddock-core");
    }

    @Test
    void aFailingTaskIsLoggedAndTheDriverCarriesOn() throws Exception {
        FakeCore core = new FakeCore();
        driver = CoreDriver.start(now -> core, new InMemoryTxnLog(), 1000, t -> { });
        driver.submit("bad", null, (c, now) -> c.request(null, new RequestHeader(-5, 1), null, now));
        driver.submit("good", null, (c, now) -> c.request(null, new RequestHeader(7, 1), null, now));
        await().atMost(Duration.ofSeconds(5)).until(() -> core.events.contains("committed 0x1"));
        assertThat(driver.isRunning()).isTrue();
        assertThat(driver.query(CoreFigures::nodeCount).get(5, TimeUnit.SECONDS)).isEqualTo(4);
    }

    @Test
    void aLogFailureStopsTheServer() throws Exception {
        FakeCore core = new FakeCore();
        RecordingLog log = new RecordingLog();
        log.fail = true;
        AtomicReference<Throwable> fatal = new AtomicReference<>();
        driver = CoreDriver.start(now -> core, log, 1000, fatal::set);
        driver.submit("r", null, (c, now) -> c.request(null, new RequestHeader(1, 1), null, now));
        await().atMost(Duration.ofSeconds(5)).until(() -> fatal.get() != null);
        assertThat(fatal.get()).hasMessage("disk full");
        assertThat(driver.isRunning()).isFalse();
        assertThat(core.events).doesNotContain("committed 0x1");
    }

    @Test
    void aCoreThatCannotBeBuiltFailsStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CoreDriver.start(now -> {
            throw new IllegalArgumentException("bad config");
        }, new InMemoryTxnLog(), 1000, t -> { })).isInstanceOf(IOException.class).hasMessageContaining("bad config");
    }

    @Test
    void closeIsIdempotentAndQueriesFailAfterwards() throws Exception {
        RecordingLog log = new RecordingLog();
        driver = CoreDriver.start(now -> new FakeCore(), log, 1000, t -> { });
        driver.close();
        driver.close();
        assertThat(log.events).containsExactly("close");
        assertThat(driver.query(CoreFigures::nodeCount)).isCompletedExceptionally();
    }

    @Test
    void inMemoryLogRejectsGoingBackwards() {
        InMemoryTxnLog log = new InMemoryTxnLog();
        log.append(List.of(new LoggedTxn(new TxnHeader(1, 1, 5, 0, 1), null)));
        log.sync();
        assertThat(log.lastZxid()).isEqualTo(5);
        assertThat(log.appendedCount()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> log.append(List.of(new LoggedTxn(new TxnHeader(1, 1, 5, 0, 1), null))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void connectionsAreServedInTurnSoOneBusyClientCannotStarveAnother() throws Exception {
        FakeCore core = new FakeCore();
        driver = CoreDriver.start(now -> core, new InMemoryTxnLog(), 1000, t -> { });
        dev.paddock.server.net.ServerStats stats = new dev.paddock.server.net.ServerStats();
        dev.paddock.server.net.NettyConnection busy = new dev.paddock.server.net.NettyConnection(
                new io.netty.channel.embedded.EmbeddedChannel(), driver, stats);
        dev.paddock.server.net.NettyConnection quiet = new dev.paddock.server.net.NettyConnection(
                new io.netty.channel.embedded.EmbeddedChannel(), driver, stats);
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        driver.submit("hold the core", null, (c, now) -> hold.await());
        for (int xid = 1; xid <= 100; xid++) {
            driver.request(busy, new RequestHeader(xid, 1), null, 10);
        }
        driver.request(quiet, new RequestHeader(1000, 1), null, 10);
        hold.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> core.events.contains("request 100"));
        List<String> requests = core.events.stream().filter(e -> e.startsWith("request")).toList();
        assertThat(requests).hasSize(101);
        // the busy connection's first turn (BATCH requests, or fewer when cold code uses up the task's time), then
        // the quiet one's request, then the rest in order
        assertThat(requests.indexOf("request 1000")).as("%s", requests).isBetween(1, RequestScheduler.BATCH);
        assertThat(requests.stream().filter(e -> !e.equals("request 1000")).toList())
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(x -> "request " + x).toList());
    }

    @Test
    void slowRequestsEndACoreTaskEarlySoOtherWorkIsNotHeldUp() throws Exception {
        FakeCore core = new FakeCore();
        core.requestNanos = RequestScheduler.TASK_NANOS / 4;
        driver = CoreDriver.start(now -> core, new InMemoryTxnLog(), 1000, t -> { });
        dev.paddock.server.net.NettyConnection conn = new dev.paddock.server.net.NettyConnection(
                new io.netty.channel.embedded.EmbeddedChannel(), driver, new dev.paddock.server.net.ServerStats());
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        driver.submit("hold the core", null, (c, now) -> hold.await());
        int requests = 40;
        for (int xid = 1; xid <= requests; xid++) {
            driver.request(conn, new RequestHeader(xid, 1), null, 10);
        }
        // queued behind the task that takes the requests (the first request asked for it)
        driver.submit("other work", null, (c, now) -> core.events.add("other work"));
        hold.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> core.events.contains("request " + requests));
        int other = core.events.indexOf("other work");
        // 40 requests fit PER_TASK, but each takes a quarter of TASK_NANOS: the task ends after about four of them
        assertThat(other).as("other work ran after the first core task, not after all %d requests: %s", requests,
                core.events).isPositive().isLessThan(core.events.indexOf("request 10"));
    }
}

package dev.paddock.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.CoreFigures;
import dev.paddock.core.CoreNode;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Xids;
import dev.paddock.jute.proto.AuthPacket;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.ExistsRequest;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.WatcherEvent;
import dev.paddock.server.net.CoreGateway;
import dev.paddock.server.net.NettyConnection;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console's in-process session against a scripted core: what it sends (connect, auth packet, requests,
 * pings, closeSession), and that answers complete on the completer, never on the core thread.
 */
class ConsoleSessionTest {
    /** What the session asked the core for, in order. */
    record Sent(String method, Object[] args) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final List<ObjLongConsumer<CoreNode>> queued = new ArrayList<>();
    private final ExecutorService coreThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-core"));
    private final ExecutorService completer = Executors.newSingleThreadExecutor(r -> new Thread(r, "completer"));

    /** Records every call the session makes into the core. */
    private final CoreNode core = (CoreNode) Proxy.newProxyInstance(CoreNode.class.getClassLoader(),
            new Class<?>[] {CoreNode.class}, (proxy, method, args) -> {
                sent.add(new Sent(method.getName(), args));
                return null;
            });

    /** Queues the session's core tasks; {@link #runCoreTasks()} runs them on the "fake-core" thread. */
    private final CoreGateway gateway = new CoreGateway() {
        @Override
        public void connect(NettyConnection conn, ConnectRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void request(NettyConnection conn, RequestHeader header, JuteRecord body, int frameBytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void outputDrained(NettyConnection conn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void connectionClosed(NettyConnection conn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> CompletableFuture<T> query(Function<CoreFigures, T> query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isRunning() {
            return true;
        }

        @Override
        public boolean deferFlush(NettyConnection conn) {
            return false;
        }

        @Override
        public synchronized void run(String what, ObjLongConsumer<CoreNode> work) {
            queued.add(work);
        }
    };

    @AfterEach
    void stop() {
        coreThread.shutdownNow();
        completer.shutdownNow();
    }

    private void runCoreTasks() throws Exception {
        List<ObjLongConsumer<CoreNode>> tasks;
        synchronized (gateway) {
            tasks = new ArrayList<>(queued);
            queued.clear();
        }
        coreThread.submit(() -> tasks.forEach(t -> t.accept(core, 0))).get(5, TimeUnit.SECONDS);
    }

    /** Runs {@code reply} on the fake core thread, as the core answers. */
    private void onCore(Runnable reply) throws Exception {
        coreThread.submit(reply).get(5, TimeUnit.SECONDS);
    }

    private Sent last(String method) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).method().equals(method)) {
                return sent.get(i);
            }
        }
        throw new AssertionError("no " + method + " in " + sent.stream().map(Sent::method).toList());
    }

    @Test
    void opensWithConnectThenTheDigestAuthPacketAndCompletesOffTheCoreThread() throws Exception {
        ConsoleSession s = new ConsoleSession(gateway, "10.1.2.3", "alice", completer, 0);
        CompletableFuture<String> thread = s.open("pw", 0).thenApply(x -> Thread.currentThread().getName());
        runCoreTasks();
        ConnectRequest connect = (ConnectRequest) last("connect").args()[1];
        assertThat(connect.sessionId()).isZero();
        assertThat(connect.timeOut()).isEqualTo(ConsoleSession.REQUESTED_TIMEOUT_MS);
        assertThat(last("connect").args()[0]).isSameAs(s);
        assertThat(s.remoteAddress()).isEqualTo("10.1.2.3");

        onCore(() -> s.sendConnectResponse(new ConnectResponse(0, 6000, 0x77L, new byte[16])));
        completer.submit(() -> { }).get(5, TimeUnit.SECONDS); // the auth request is sent from the completer
        runCoreTasks();
        RequestHeader h = (RequestHeader) last("request").args()[1];
        assertThat(h.xid()).isEqualTo(Xids.AUTH);
        assertThat(h.type()).isEqualTo(OpCode.AUTH.code);
        AuthPacket auth = (AuthPacket) last("request").args()[2];
        assertThat(auth.scheme()).isEqualTo("digest");
        assertThat(new String(auth.auth(), StandardCharsets.UTF_8)).isEqualTo("alice:pw");

        onCore(() -> s.send(new ReplyHeader(Xids.AUTH, 0, 0), null));
        assertThat(thread.get(5, TimeUnit.SECONDS)).isEqualTo("completer");
        assertThat(s.sessionId()).isEqualTo(0x77L);
        assertThat(s.timeoutMs()).isEqualTo(6000);
    }

    @Test
    void repliesMatchTheirRequestsByXidAndWatchEventsAreKept() throws Exception {
        ConsoleSession s = open();
        CompletableFuture<ConsoleSession.Reply> a = s.call(OpCode.EXISTS, new ExistsRequest("/a", true), 0);
        CompletableFuture<ConsoleSession.Reply> b = s.call(OpCode.EXISTS, new ExistsRequest("/b", true), 0);
        runCoreTasks();
        int xidA = ((RequestHeader) sent.get(sent.size() - 2).args()[1]).xid();
        int xidB = ((RequestHeader) last("request").args()[1]).xid();
        assertThat(xidB).isEqualTo(xidA + 1);

        onCore(() -> {
            s.send(new ReplyHeader(xidB, 9, -101), null);
            s.send(new ReplyHeader(Xids.NOTIFICATION, 10, 0), new WatcherEvent(3, 3, "/a"));
            s.send(new ReplyHeader(xidA, 10, 0), null);
        });
        assertThat(b.get(5, TimeUnit.SECONDS).err()).isEqualTo(-101);
        assertThat(a.get(5, TimeUnit.SECONDS).zxid()).isEqualTo(10);
        assertThat(s.eventsAfter(0)).containsExactly(new ConsoleSession.Event(1, 3, "/a", 10));
        assertThat(s.eventsAfter(1)).isEmpty();
        assertThat(s.lastEvent()).isEqualTo(1);
    }

    @Test
    void aConnectionClosedByTheCoreFailsWhatWaitsAndIsReportedClosed() throws Exception {
        ConsoleSession s = open();
        CompletableFuture<ConsoleSession.Reply> pending = s.call(OpCode.EXISTS, new ExistsRequest("/a", false), 0);
        runCoreTasks();
        onCore(s::close);
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConsoleSession.SessionLostException.class);
        assertThat(s.isClosed()).isTrue();
        runCoreTasks();
        assertThat(last("connectionClosed").args()[0]).isSameAs(s);
        assertThatThrownBy(() -> s.call(OpCode.EXISTS, new ExistsRequest("/a", false), 0).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConsoleSession.SessionLostException.class);
    }

    @Test
    void pingsOnlyWhenQuietForAThirdOfTheTimeoutAndLogsOutWithCloseSession() throws Exception {
        ConsoleSession s = open(); // timeout 6000
        s.pingIfQuiet(1_000);
        runCoreTasks();
        assertThat(sent.stream().filter(x -> x.method().equals("request"))).isEmpty();
        s.pingIfQuiet(2_001);
        runCoreTasks();
        RequestHeader ping = (RequestHeader) last("request").args()[1];
        assertThat(ping.xid()).isEqualTo(Xids.PING);
        assertThat(ping.type()).isEqualTo(OpCode.PING.code);

        s.logout(3_000);
        runCoreTasks();
        RequestHeader close = (RequestHeader) last("request").args()[1];
        assertThat(close.type()).isEqualTo(OpCode.CLOSE_SESSION.code);
        onCore(() -> {
            s.send(new ReplyHeader(close.xid(), 11, 0), null);
            s.close();
        });
        completer.submit(() -> { }).get(5, TimeUnit.SECONDS);
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void aRefusedConnectFailsTheOpen() throws Exception {
        ConsoleSession s = new ConsoleSession(gateway, "127.0.0.1", null, completer, 0);
        CompletableFuture<ConsoleSession> opened = s.open(null, 0);
        runCoreTasks();
        onCore(() -> s.sendConnectResponse(new ConnectResponse(0, 0, 0, new byte[16])));
        assertThatThrownBy(() -> opened.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConsoleSession.SessionLostException.class);
    }

    private ConsoleSession open() throws Exception {
        ConsoleSession s = new ConsoleSession(gateway, "127.0.0.1", null, completer, 0);
        CompletableFuture<ConsoleSession> opened = s.open(null, 0);
        runCoreTasks();
        onCore(() -> s.sendConnectResponse(new ConnectResponse(0, 6000, 0x42L, new byte[16])));
        assertThat(opened.get(5, TimeUnit.SECONDS)).isSameAs(s);
        sent.clear();
        return s;
    }
}

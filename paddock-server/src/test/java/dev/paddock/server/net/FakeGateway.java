package dev.paddock.server.net;

import dev.paddock.core.SessionView;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.core.CoreFigures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Records what the network layer hands to the core; answers queries from fixed data. */
class FakeGateway implements CoreGateway {
    record Call(String kind, NettyConnection conn, Object record, JuteRecord body) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile boolean running = true;
    volatile boolean deferFlushes;

    final CoreFigures queries = new CoreFigures() {
        @Override
        public long lastProcessedZxid() {
            return 0x1234;
        }

        @Override
        public int nodeCount() {
            return 7;
        }

        @Override
        public long approximateDataSize() {
            return 99;
        }

        @Override
        public List<SessionView> sessions() {
            return List.of(new SessionView(0x100L, 30000, 1_700_000_000_000L, 1, Set.of("/e1")),
                    new SessionView(0x101L, 30000, 1_700_000_000_000L, SessionView.NO_CONNECTION, Set.of()));
        }

        @Override
        public int ephemeralCount() {
            return 1;
        }

        @Override
        public int watchCount() {
            return 3;
        }

        @Override
        public Map<Long, Set<String>> watchesBySession() {
            return Map.of(0x100L, Set.of("/a"));
        }

        @Override
        public Map<String, Set<Long>> watchesByPath() {
            return Map.of("/a", Set.of(0x100L));
        }

        @Override
        public int outstandingRequests() {
            return 2;
        }
    };

    @Override
    public void connect(NettyConnection conn, ConnectRequest request) {
        calls.add(new Call("connect", conn, request, null));
    }

    @Override
    public void outputDrained(NettyConnection conn) {
        calls.add(new Call("outputDrained", conn, null, null));
    }

    @Override
    public void request(NettyConnection conn, RequestHeader header, JuteRecord body, int frameBytes) {
        calls.add(new Call("request", conn, header, body));
    }

    @Override
    public void connectionClosed(NettyConnection conn) {
        calls.add(new Call("closed", conn, null, null));
    }

    @Override
    public <T> CompletableFuture<T> query(Function<CoreFigures, T> query) {
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException("down"));
        }
        return CompletableFuture.completedFuture(query.apply(queries));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean deferFlush(NettyConnection conn) {
        return deferFlushes; // when true, the test calls flushQueued() itself, as the core does after a task
    }
}

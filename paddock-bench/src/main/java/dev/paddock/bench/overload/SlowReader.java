package dev.paddock.bench.overload;

import dev.paddock.bench.ServerProcess;
import dev.paddock.bench.Sessions;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.GetDataRequest;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.ZooKeeper;

/**
 * Issue #15's reproduction: one raw connection pipelines {@code requests} getData requests for a znode of
 * {@code znodeBytes} bytes and never reads a reply. A server that keeps reading queues the replies (512 KB each)
 * until its memory runs out; one that applies backpressure stops reading this connection and serves the others.
 */
public final class SlowReader implements Attack {
    static final String PATH = "/overload-big";

    private final int requests;
    private final int znodeBytes;
    private final AttackThreads threads = new AttackThreads("slow reader");
    private final AtomicLong sent = new AtomicLong();
    private volatile String failure;
    private String result;

    public SlowReader(int requests, int znodeBytes) {
        this.requests = requests;
        this.znodeBytes = znodeBytes;
    }

    @Override
    public String name() {
        return "slow reader";
    }

    @Override
    public String description() {
        return "one raw connection pipelines " + requests + " getData requests for a " + znodeBytes / 1024
                + " KB znode and never reads a reply (4 KB receive buffer)";
    }

    @Override
    public void prepare(ServerProcess server) throws Exception {
        ZooKeeper zk = Sessions.openRetrying(server.connectString(), 30_000);
        try {
            Sessions.ensure(zk, PATH, new byte[znodeBytes]);
        } finally {
            Sessions.closeQuietly(zk);
        }
    }

    @Override
    public void start(ServerProcess server) throws IOException {
        RawSession s = RawSession.open(server.port(), 4096, 30_000);
        threads.track(s);
        s.handshake(30_000);
        threads.spawn(() -> {
            try {
                // never reads again: the socket's read timeout does not matter, writes block when the server stops
                byte[] frame = RawSession.frame(1, OpCode.GET_DATA, new GetDataRequest(PATH, false));
                for (int i = 1; i <= requests && threads.running(); i++) {
                    // same frame, fresh xid
                    frame[4] = (byte) (i >>> 24);
                    frame[5] = (byte) (i >>> 16);
                    frame[6] = (byte) (i >>> 8);
                    frame[7] = (byte) i;
                    s.sendRaw(frame, 0, frame.length);
                    sent.incrementAndGet();
                }
                s.flush();
            } catch (IOException e) {
                if (threads.running()) {
                    failure = e.toString();
                }
            }
        });
    }

    @Override
    public synchronized String stop() {
        if (result == null) {
            threads.stop();
            result = sent.get() + " of " + requests + " requests written (the last ones may still sit in socket "
                    + "buffers)" + (failure != null ? "; connection failed: " + failure : "");
        }
        return result;
    }
}

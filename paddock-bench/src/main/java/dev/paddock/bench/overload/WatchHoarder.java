package dev.paddock.bench.overload;

import dev.paddock.bench.ServerProcess;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ExistsRequest;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * One session that sets {@code watches} data watches, each on its own path (exists with watch=true on paths that do
 * not exist: both servers keep such a watch in their data-watch table), pipelined on one raw connection whose
 * replies are read, then holds them (pinging) until the attack stops.
 */
public final class WatchHoarder implements Attack {
    static final String ROOT = "/overload-hoard/w";

    private final int watches;
    private final AttackThreads threads = new AttackThreads("watch hoarder");
    private final LongAdder replies = new LongAdder();
    private volatile long allSetNanos;
    private long startNanos;
    private volatile String failure;
    private String result;

    public WatchHoarder(int watches) {
        this.watches = watches;
    }

    @Override
    public String name() {
        return "watch hoarder";
    }

    @Override
    public String description() {
        return "one session sets " + watches + " data watches (exists, watch=true) on distinct paths and holds them";
    }

    @Override
    public void start(ServerProcess server) throws IOException {
        RawSession s = RawSession.open(server.port(), 0, 10_000);
        threads.track(s);
        s.handshake(30_000);
        // from here the reader blocks until a reply comes or stop() closes the socket
        s.socket().setSoTimeout(0);
        startNanos = System.nanoTime();
        threads.spawn(() -> {
            try {
                for (int i = 1; i <= watches && threads.running(); i++) {
                    s.send(i, OpCode.EXISTS, new ExistsRequest(ROOT + i, true));
                }
                s.flush();
                long lastPing = System.nanoTime();
                while (threads.running()) {
                    if (System.nanoTime() - lastPing > 5_000_000_000L) {
                        s.send(-2, OpCode.PING, null);
                        s.flush();
                        lastPing = System.nanoTime();
                    }
                    threads.sleepMs(100);
                }
            } catch (IOException e) {
                if (threads.running()) {
                    failure = "writing: " + e;
                }
            }
        });
        threads.spawn(() -> {
            while (threads.running()) {
                try {
                    int xid = s.readReplyXid();
                    if (xid == Integer.MIN_VALUE) {
                        if (threads.running()) {
                            failure = "server closed the connection";
                        }
                        return;
                    }
                    if (xid > 0) {
                        replies.increment();
                        if (xid == watches) {
                            allSetNanos = System.nanoTime();
                        }
                    }
                } catch (IOException e) {
                    if (threads.running()) {
                        failure = "reading: " + e;
                    }
                    return;
                }
            }
        });
    }

    @Override
    public synchronized String stop() {
        if (result == null) {
            threads.stop();
            long set = allSetNanos;
            result = replies.sum() + " of " + watches + " watches acknowledged"
                    + (set > 0 ? String.format(" (all within %.1f s)", (set - startNanos) / 1e9) : "")
                    + (failure != null ? "; " + failure : "");
        }
        return result;
    }
}

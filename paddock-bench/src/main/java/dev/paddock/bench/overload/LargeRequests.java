package dev.paddock.bench.overload;

import dev.paddock.bench.ServerProcess;
import dev.paddock.bench.Sessions;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.zookeeper.ZooKeeper;

/**
 * Two kinds of big requests at once. One thread, over and over: a new raw session whose next frame announces
 * {@code oversizedBytes} (more than jute.maxbuffer, 1 MB by default) and streams that many bytes; the server must
 * close that connection (counted) and only that one. And {@code writers} sessions (official client) each keep
 * {@code outstanding} asynchronous setData requests of {@code largeBytes} (just under jute.maxbuffer) in flight.
 */
public final class LargeRequests implements Attack {
    static final String ROOT = "/overload-large";

    private final int oversizedBytes;
    private final int writers;
    private final int outstanding;
    private final int largeBytes;
    private final AttackThreads threads = new AttackThreads("large requests");
    private final LongAdder closedByServer = new LongAdder();
    private final LongAdder notClosed = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder writeErrors = new LongAdder();
    private List<ZooKeeper> zks = List.of();
    private String result;

    public LargeRequests(int oversizedBytes, int writers, int outstanding, int largeBytes) {
        this.oversizedBytes = oversizedBytes;
        this.writers = writers;
        this.outstanding = outstanding;
        this.largeBytes = largeBytes;
    }

    @Override
    public String name() {
        return "large requests";
    }

    @Override
    public String description() {
        return "frames announcing " + oversizedBytes / (1024 * 1024) + " MB (over jute.maxbuffer) on fresh "
                + "connections, one after the other, plus " + writers + " sessions x " + outstanding
                + " outstanding setData of " + largeBytes + " bytes";
    }

    @Override
    public void prepare(ServerProcess server) throws Exception {
        zks = new ArrayList<>(Sessions.openAll(server.connectString(), writers, 60_000));
        for (int i = 0; i < writers; i++) {
            Sessions.ensure(zks.get(0), ROOT + "/s" + i, new byte[0]);
        }
    }

    @Override
    public void start(ServerProcess server) {
        threads.spawn(() -> {
            while (threads.running()) {
                oversizedOnce(server.port());
                threads.sleepMs(50);
            }
        });
        byte[] data = new byte[largeBytes];
        for (int i = 0; i < zks.size(); i++) {
            threads.spawnSetDataLoop(zks.get(i), ROOT + "/s" + i, data, outstanding, written, writeErrors);
        }
    }

    /** One oversized frame on a new session; counts whether the server closed the connection within 5 s. */
    private void oversizedOnce(int port) {
        RawSession s;
        try {
            s = RawSession.open(port, 0, 5_000);
        } catch (IOException e) {
            return;
        }
        threads.track(s);
        try {
            s.handshake(30_000);
            s.sendInt(oversizedBytes);
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < oversizedBytes && threads.running(); sent += chunk.length) {
                s.sendRaw(chunk, 0, Math.min(chunk.length, oversizedBytes - sent));
                s.flush();
            }
            if (s.readByte() < 0) {
                closedByServer.increment();
            } else {
                notClosed.increment();
            }
        } catch (SocketTimeoutException e) {
            if (threads.running()) {
                notClosed.increment();
            }
        } catch (IOException e) {
            // reset or broken pipe while writing: the server closed it
            if (threads.running()) {
                closedByServer.increment();
            }
        } finally {
            s.close();
            threads.untrack(s);
        }
    }

    @Override
    public synchronized String stop() {
        if (result == null) {
            threads.stop();
            Sessions.closeAll(zks);
            result = closedByServer.sum() + " oversized connections closed by the server, " + notClosed.sum()
                    + " not closed; " + written.sum() + " large writes acknowledged, " + writeErrors.sum() + " failed";
        }
        return result;
    }
}

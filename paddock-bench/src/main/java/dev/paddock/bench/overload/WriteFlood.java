package dev.paddock.bench.overload;

import dev.paddock.bench.ServerProcess;
import dev.paddock.bench.Sessions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.zookeeper.ZooKeeper;

/**
 * Many sessions (official ZooKeeper client) each writing as fast as the server lets them: asynchronous setData of
 * {@code payload} bytes to the session's own znode with {@code outstanding} requests in flight per session.
 */
public final class WriteFlood implements Attack {
    static final String ROOT = "/overload-flood";

    private final int sessions;
    private final int outstanding;
    private final int payload;
    private final AttackThreads threads = new AttackThreads("write flood");
    private final LongAdder done = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private List<ZooKeeper> zks = List.of();
    private String result;

    public WriteFlood(int sessions, int outstanding, int payload) {
        this.sessions = sessions;
        this.outstanding = outstanding;
        this.payload = payload;
    }

    @Override
    public String name() {
        return "write flood";
    }

    @Override
    public String description() {
        return sessions + " sessions each keep " + outstanding + " asynchronous setData requests of " + payload
                + " bytes in flight";
    }

    @Override
    public void prepare(ServerProcess server) throws Exception {
        zks = new ArrayList<>(Sessions.openAll(server.connectString(), sessions, 60_000));
        for (int i = 0; i < sessions; i++) {
            Sessions.ensure(zks.get(0), ROOT + "/s" + i, new byte[payload]);
        }
    }

    @Override
    public void start(ServerProcess server) {
        byte[] data = new byte[payload];
        for (int i = 0; i < zks.size(); i++) {
            threads.spawnSetDataLoop(zks.get(i), ROOT + "/s" + i, data, outstanding, done, errors);
        }
    }

    @Override
    public synchronized String stop() {
        if (result == null) {
            threads.stop();
            Sessions.closeAll(zks);
            result = done.sum() + " writes acknowledged, " + errors.sum() + " failed";
        }
        return result;
    }
}

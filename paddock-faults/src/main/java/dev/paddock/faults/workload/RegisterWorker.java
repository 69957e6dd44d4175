package dev.paddock.faults.workload;

import dev.paddock.client.Results.NodeData;
import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RegisterOp;
import dev.paddock.faults.history.RegisterOp.Kind;
import dev.paddock.jute.data.Stat;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * One session doing register operations on random keys: READ 30%, SYNC_READ 20% (sync and getData pipelined on the
 * session, so the read is served after the sync), WRITE 25% (a run-unique value, any version), CAS 25% (setData
 * expecting the version this worker last saw for the key, or a random small one before it saw any).
 */
final class RegisterWorker extends ClientWorker {
    private final Queue<RegisterOp> out;
    private final Map<String, Integer> lastSeen = new HashMap<>();

    RegisterWorker(RunContext ctx, int worker, Queue<RegisterOp> out) {
        super(ctx, worker, "register");
        this.out = out;
    }

    @Override
    protected void onNewClient() {
        lastSeen.clear();
    }

    @Override
    protected void step() throws InterruptedException {
        String key = ctx.opts.key(rnd.nextInt(ctx.opts.keys()));
        int r = rnd.nextInt(100);
        Kind kind = r < 30 ? Kind.READ : r < 50 ? Kind.SYNC_READ : r < 75 ? Kind.WRITE : Kind.CAS;
        long arg = kind == Kind.WRITE || kind == Kind.CAS ? ctx.nextValue() : 0;
        int expected = kind == Kind.CAS ? lastSeen.getOrDefault(key, rnd.nextInt(4)) : -1;
        long id = ctx.nextId();
        long session = client.getSessionId();
        boolean write = kind == Kind.WRITE || kind == Kind.CAS;
        long t0 = ctx.clock.now();
        Runnable onGiveUp = () -> {
            long now = ctx.clock.now();
            Outcome o = write ? Outcome.UNKNOWN : Outcome.FAIL;
            ctx.stats.record(o, now, now - t0);
            out.add(new RegisterOp(id, worker, session, kind, key, arg, expected, t0,
                    write ? RegisterOp.NEVER : now, o, 0, -1, -1, -1, "GIVEN_UP"));
        };
        begin(onGiveUp);
        RegisterOp op;
        try {
            Object reply = await(invoke(kind, key, arg, expected));
            long now = ctx.clock.now();
            long value = 0;
            Stat stat;
            if (reply instanceof NodeData nd) {
                value = RunContext.parse(nd.data());
                stat = nd.stat();
            } else {
                stat = (Stat) reply;
            }
            lastSeen.put(key, stat.version());
            op = new RegisterOp(id, worker, session, kind, key, arg, expected, t0, now, Outcome.OK, value,
                    stat.version(), stat.mzxid(), client.getLastZxid(), null);
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable t) {
            long now = ctx.clock.now();
            Outcome o = write ? Outcomes.ofWrite(t) : Outcome.FAIL;
            String error = isTimeout(t) ? "TIMEOUT" : Outcomes.name(t);
            op = new RegisterOp(id, worker, session, kind, key, arg, expected, t0,
                    o == Outcome.UNKNOWN ? RegisterOp.NEVER : now, o, 0, -1, -1,
                    o == Outcome.UNKNOWN ? -1 : client.getLastZxid(), error);
        }
        if (end(onGiveUp)) {
            long now = ctx.clock.now();
            ctx.stats.record(op.outcome(), now, now - t0);
            out.add(op);
        }
    }

    private CompletableFuture<?> invoke(Kind kind, String key, long arg, int expected) {
        switch (kind) {
            case READ:
                return client.getDataAsync(key, false);
            case SYNC_READ:
                CompletableFuture<String> sync = client.syncAsync(key);
                CompletableFuture<NodeData> read = client.getDataAsync(key, false);
                return sync.thenCombine(read, (s, d) -> d);
            case WRITE:
                return client.setDataAsync(key, RunContext.bytes(arg), -1);
            case CAS:
                return client.setDataAsync(key, RunContext.bytes(arg), expected);
            default:
                throw new IllegalStateException(kind.name());
        }
    }
}

package dev.paddock.faults.workload;

import dev.paddock.client.Acls;
import dev.paddock.client.Results.Created;
import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RegisterOp;
import dev.paddock.faults.history.SetOp;
import dev.paddock.jute.CreateMode;
import java.util.Queue;

/** One session adding run-unique values to the set: sequential persistent creates {@code root/set/item-N}. */
final class SetWorker extends ClientWorker {
    private final Queue<SetOp> out;

    SetWorker(RunContext ctx, int worker, Queue<SetOp> out) {
        super(ctx, worker, "set");
        this.out = out;
    }

    @Override
    protected void step() throws InterruptedException {
        long value = ctx.nextValue();
        long id = ctx.nextId();
        long session = client.getSessionId();
        long t0 = ctx.clock.now();
        Runnable onGiveUp = () -> {
            long now = ctx.clock.now();
            ctx.stats.record(Outcome.UNKNOWN, now, now - t0);
            out.add(new SetOp(id, worker, session, value, t0, RegisterOp.NEVER, Outcome.UNKNOWN, null, "GIVEN_UP"));
        };
        begin(onGiveUp);
        SetOp op;
        try {
            Created c = await(client.createAsync(ctx.opts.setPath() + "/item-", RunContext.bytes(value),
                    Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
            op = new SetOp(id, worker, session, value, t0, ctx.clock.now(), Outcome.OK, c.path(), null);
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable t) {
            Outcome o = Outcomes.ofWrite(t);
            op = new SetOp(id, worker, session, value, t0, o == Outcome.UNKNOWN ? RegisterOp.NEVER : ctx.clock.now(),
                    o, null, isTimeout(t) ? "TIMEOUT" : Outcomes.name(t));
        }
        if (end(onGiveUp)) {
            long now = ctx.clock.now();
            ctx.stats.record(op.outcome(), now, now - t0);
            out.add(op);
        }
    }
}

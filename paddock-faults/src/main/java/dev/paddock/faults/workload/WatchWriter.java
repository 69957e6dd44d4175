package dev.paddock.faults.workload;

import dev.paddock.faults.history.Outcome;

/**
 * The session that keeps changing the watch nodes (setData of a run-unique value, any version, every
 * {@code watchWriteMs}), so the watchers have something to see. Its writes are counted, not recorded: the watch
 * checks need only the nodes' final versions.
 */
final class WatchWriter extends ClientWorker {
    WatchWriter(RunContext ctx, int worker) {
        super(ctx, worker, "watch-writer");
    }

    @Override
    protected void step() throws InterruptedException {
        String path = ctx.opts.watchNode(rnd.nextInt(ctx.opts.watchNodes()));
        long t0 = ctx.clock.now();
        Outcome o;
        try {
            await(client.setDataAsync(path, RunContext.bytes(ctx.nextValue()), -1));
            o = Outcome.OK;
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable t) {
            o = Outcomes.ofWrite(t);
        }
        long now = ctx.clock.now();
        ctx.stats.record(o, now, now - t0);
        Thread.sleep(ctx.opts.watchWriteMs());
    }
}

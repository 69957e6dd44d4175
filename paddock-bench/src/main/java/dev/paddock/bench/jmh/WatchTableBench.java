package dev.paddock.bench.jmh;

import dev.paddock.core.watch.WatchMode;
import dev.paddock.core.watch.WatchTable;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * WatchTable on 100k paths, each watched (persistent) by 10 connections, with one recursive watch elsewhere:
 * add of a new watch, trigger of a watched path (10 connections fire), trigger of an unwatched path (the recursive
 * watch forces the walk up its ancestors).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WatchTableBench {
    private static final int PATHS = 100_000;
    private static final int CONNS = 10;
    private static final long ADDER = 1000;
    private WatchTable table;
    private String[] paths;
    private String[] unwatched;
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        table = new WatchTable();
        paths = WatchMemory.paths(PATHS);
        unwatched = new String[PATHS];
        for (int i = 0; i < PATHS; i++) {
            unwatched[i] = paths[i] + "x";
        }
        for (int c = 1; c <= CONNS; c++) {
            for (String p : paths) {
                table.add(p, c, WatchMode.PERSISTENT);
            }
        }
        table.add("/b/d5", 99, WatchMode.RECURSIVE);
    }

    private int step() {
        next = (next + 7919) % PATHS;
        return next;
    }

    /** A new one-shot watch by one more connection; every 100k adds that connection goes (amortised in). */
    @Benchmark
    public void add() {
        int i = step();
        table.add(paths[i], ADDER, WatchMode.STANDARD);
        if (i == 0) {
            table.removeConnection(ADDER);
        }
    }

    @Benchmark
    public Set<Long> triggerWatched() {
        return table.trigger(paths[step()], null);
    }

    @Benchmark
    public Set<Long> triggerUnwatched() {
        return table.trigger(unwatched[step()], null);
    }
}

package dev.paddock.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random runs, one per seed: servers, faults and clients. {@code -Dsim.seeds=N} runs N seeds from
 * {@code -Dsim.firstSeed} (default 1); {@code -Dsim.seed=S} replays one seed and prints its events
 * ({@code -Dsim.traceClients=true} adds every client request and answer, {@code -Dsim.traceQuorum=true} every
 * quorum packet received and disk action). A failure prints each failing seed with the command that replays it.
 */
class SimulationSeedsTest {
    @Test
    void randomRunsKeepEveryInvariant() {
        String one = System.getProperty("sim.seed");
        long first = one != null ? Long.parseLong(one) : Long.getLong("sim.firstSeed", 1L);
        int count = one != null ? 1 : Integer.getInteger("sim.seeds", 500);
        List<String> failures = new ArrayList<>();
        java.util.Map<String, Integer> modes = new java.util.TreeMap<>();
        long acked = 0;
        int withObserver = 0;
        int fiveVoters = 0;
        int lockedOut = 0;
        int epochBehindLog = 0;
        int realStorage = 0;
        int clockJumps = 0;
        int reconfiguring = 0;
        int reconfigs = 0;
        int configsActivated = 0;
        long started = System.nanoTime();
        for (long seed = first; seed < first + count; seed++) {
            SimResult r;
            Simulation sim = new Simulation(seed, SimParams.random(seed));
            try {
                r = sim.run();
            } catch (RuntimeException e) {
                failures.add("seed " + seed + " threw " + e + replay(seed));
                continue;
            }
            if (one != null) {
                sim.events().forEach(System.out::println); // faults; with -Dsim.traceClients/-Dsim.traceQuorum more
                System.out.println(r.summary());
                r.violations().forEach(v -> System.out.println("  " + v));
            }
            r.syncModes().forEach((k, v) -> modes.merge(k, v, Integer::sum));
            acked += r.acknowledgedWrites();
            clockJumps += sim.clockJumps();
            reconfiguring += r.params().reconfig() ? 1 : 0;
            reconfigs += sim.reconfigurations();
            configsActivated += sim.configurationsActivated();
            lockedOut += r.lockedOut();
            epochBehindLog += r.currentEpochBehindLog();
            realStorage += r.params().realStorage() ? 1 : 0;
            withObserver += r.params().observers() > 0 ? 1 : 0;
            fiveVoters += r.params().voters() == 5 ? 1 : 0;
            if (!r.ok()) {
                failures.add(r.summary() + replay(seed));
            }
        }
        System.out.printf("%d seeds from %d in %d ms, %d failed%n", count, first,
                (System.nanoTime() - started) / 1_000_000, failures.size());
        System.out.printf("  %d with 5 voters, %d with an observer, %d on Paddock's storage over SimDisk;"
                + " %d acknowledged ops (scenario writes and clients); learner syncs %s; %d servers locked out by acceptedEpoch at the end; %d restarts found currentEpoch below the log's;"
                + " %d wall-clock jumps; %d seeds reconfiguring: %d reconfigurations acknowledged, %d configurations"
                + " put in force%n",
                fiveVoters, withObserver, realStorage, acked, modes, lockedOut, epochBehindLog, clockJumps,
                reconfiguring, reconfigs, configsActivated);
        failures.forEach(System.out::println);
        assertThat(failures).as("failing seeds (each line has its replay command)").isEmpty();
        if (one == null && count >= 50) {
            assertThat(reconfigs).as("reconfigurations acknowledged over %d seeds", count).isPositive();
        }
    }

    /** Seeds that found bugs (see each one's commit), run on every build. */
    @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {117, 234, 285, 387, 5778, 22214, 40372, 78312, 80539, 21646, 9041600,
            9063888})
    void seedsThatFoundBugsStayGreen(long seed) {
        SimResult r = new Simulation(seed, SimParams.random(seed)).run();
        assertThat(r.violations()).as(r.summary() + replay(seed)).isEmpty();
    }

    private static String replay(long seed) {
        return "\n  replay: mvn -B -o -q -pl paddock-sim -am test -Dtest=SimulationSeedsTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dsim.seed=" + seed + " -Dsim.traceClients=true -Dsim.quorumLog=INFO";
    }
}

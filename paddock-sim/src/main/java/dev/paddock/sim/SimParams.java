package dev.paddock.sim;

import java.util.Random;

/**
 * The knobs of one simulated run, all derived from its seed unless a scenario sets them.
 *
 * @param voters number of participants (3 or 5)
 * @param observers number of observers (their sids follow the voters')
 * @param tickMs ZooKeeper's tickTime
 * @param faultPhaseMs how long faults and client writes go on
 * @param settleMs how long the healed ensemble may take to converge before the run counts as stuck
 * @param diffWindow how many recently committed txns a server keeps for DIFF (its commitLogCount); learners
 *                   further behind are synced from the log, or by SNAP when the log is too big
 * @param crashOnDiskWrite chance that the process dies just before or after an epoch write, TRUNC or snapshot
 * @param lastUsableCounter the zxid counter at which a leader forces a new epoch (ZooKeeper: 0xffffffff)
 * @param realStorage servers keep their state with Paddock's storage (log, snapshots, epoch files, recovery) on
 *                    storage's SimDisk instead of the simulator's in-memory model
 * @param reconfig reconfigurations during the fault phase: a voter removed or added back, an observer promoted or
 *                 a participant demoted, through the servers' clients (reconfigEnabled, skipACL)
 */
public record SimParams(int voters, int observers, long tickMs, int initLimitTicks, int syncLimitTicks,
                        int minDelayMs, int maxDelayMs, double electionLoss, double electionDup,
                        double connResetPerPacket, int minFsyncMs, int maxFsyncMs, long faultPhaseMs,
                        long settleMs, long meanFaultGapMs, long meanWriteGapMs, int diffWindow,
                        double crashOnDiskWrite, long lastUsableCounter, boolean faults,
                        boolean realStorage, boolean reconfig) {

    /** A random but sensible setting from the seed. */
    public static SimParams random(long seed) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        int voters = r.nextBoolean() ? 3 : 5;
        int observers = r.nextInt(3) == 0 ? 1 : 0;
        int maxDelay = 2 + r.nextInt(30);
        long lastCounter = r.nextInt(8) == 0 ? 10 + r.nextInt(30) : 0xffffffffL;
        return new SimParams(voters, observers, 100, 10, 5, 1, maxDelay, r.nextDouble() * 0.2, r.nextDouble() * 0.1,
                r.nextDouble() * 0.002, 1, 1 + r.nextInt(40), 8_000 + r.nextInt(8_000), 60_000,
                200 + r.nextInt(1500), 10 + r.nextInt(100), 2 + r.nextInt(40), r.nextDouble() * 0.05, lastCounter,
                true, r.nextInt(3) == 0, r.nextInt(3) == 0);
    }

    /** A calm network and no faults: scenarios inject their own. */
    public static SimParams calm(int voters, int observers) {
        return new SimParams(voters, observers, 100, 10, 5, 1, 5, 0, 0, 0, 1, 5, 0, 60_000, 1_000, 50, 50, 0,
                0xffffffffL, false, false, false);
    }

    public SimParams withDiffWindow(int window) {
        return new SimParams(voters, observers, tickMs, initLimitTicks, syncLimitTicks, minDelayMs, maxDelayMs,
                electionLoss, electionDup, connResetPerPacket, minFsyncMs, maxFsyncMs, faultPhaseMs, settleMs,
                meanFaultGapMs, meanWriteGapMs, window, crashOnDiskWrite, lastUsableCounter, faults, realStorage, reconfig);
    }

    public SimParams withLastUsableCounter(long counter) {
        return new SimParams(voters, observers, tickMs, initLimitTicks, syncLimitTicks, minDelayMs, maxDelayMs,
                electionLoss, electionDup, connResetPerPacket, minFsyncMs, maxFsyncMs, faultPhaseMs, settleMs,
                meanFaultGapMs, meanWriteGapMs, diffWindow, crashOnDiskWrite, counter, faults, realStorage, reconfig);
    }

    public SimParams withCrashOnDiskWrite(double p) {
        return new SimParams(voters, observers, tickMs, initLimitTicks, syncLimitTicks, minDelayMs, maxDelayMs,
                electionLoss, electionDup, connResetPerPacket, minFsyncMs, maxFsyncMs, faultPhaseMs, settleMs,
                meanFaultGapMs, meanWriteGapMs, diffWindow, p, lastUsableCounter, faults, realStorage, reconfig);
    }

    public SimParams withRealStorage(boolean on) {
        return new SimParams(voters, observers, tickMs, initLimitTicks, syncLimitTicks, minDelayMs, maxDelayMs,
                electionLoss, electionDup, connResetPerPacket, minFsyncMs, maxFsyncMs, faultPhaseMs, settleMs,
                meanFaultGapMs, meanWriteGapMs, diffWindow, crashOnDiskWrite, lastUsableCounter, faults, on, reconfig);
    }

    public SimParams withFsyncMs(int min, int max) {
        return new SimParams(voters, observers, tickMs, initLimitTicks, syncLimitTicks, minDelayMs, maxDelayMs,
                electionLoss, electionDup, connResetPerPacket, min, max, faultPhaseMs, settleMs,
                meanFaultGapMs, meanWriteGapMs, diffWindow, crashOnDiskWrite, lastUsableCounter, faults, realStorage, reconfig);
    }

    /** With reconfigurations during the fault phase (servers removed, added back, observers promoted and back). */
    public SimParams withReconfig(boolean on) {
        return new SimParams(voters, observers, tickMs, initLimitTicks, syncLimitTicks, minDelayMs, maxDelayMs,
                electionLoss, electionDup, connResetPerPacket, minFsyncMs, maxFsyncMs, faultPhaseMs, settleMs,
                meanFaultGapMs, meanWriteGapMs, diffWindow, crashOnDiskWrite, lastUsableCounter, faults, realStorage,
                on);
    }
}

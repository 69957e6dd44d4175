package dev.paddock.faults.workload;

/**
 * The shape of a run's client load. Defaults ({@link #defaults()}) keep the whole load at a few hundred operations
 * a second so the histories stay small enough for the linearizability search.
 *
 * @param root                 the znode all workloads live under
 * @param keys                 register keys {@code root/reg/k0..}
 * @param registerWorkers      register workers, one session each
 * @param setWorkers           sequential-create workers, one session each
 * @param ephemeralSessions    ephemeral-owning sessions alive at once
 * @param ephemeralsPerSession ephemerals each of them creates
 * @param watchWorkers         watching sessions
 * @param watchNodes           watched nodes {@code root/watch/w0..}
 * @param sessionTimeoutMs     the session timeout every workload session asks for
 * @param opTimeoutMs          how long a worker waits for one reply before it gives the operation up as unknown
 * @param maxPauseMs           the longest random pause between two operations of one worker
 * @param sessionLifeMs        mean life of a churned ephemeral session (closed or abandoned at its end)
 * @param watchWriteMs         pause between two writes of the watch nodes' writer
 * @param seed                 seeds every worker's random choices (the interleaving is still the machine's)
 */
public record WorkloadOptions(String root, int keys, int registerWorkers, int setWorkers, int ephemeralSessions,
                              int ephemeralsPerSession, int watchWorkers, int watchNodes, int sessionTimeoutMs,
                              int opTimeoutMs, int maxPauseMs, int sessionLifeMs, int watchWriteMs, long seed) {

    public WorkloadOptions {
        if (!root.startsWith("/") || root.length() < 2 || root.endsWith("/")) {
            throw new IllegalArgumentException("root must be an absolute znode path: " + root);
        }
        if (keys < 1 || watchNodes < 1 || sessionTimeoutMs <= 0 || opTimeoutMs <= 0 || maxPauseMs < 0) {
            throw new IllegalArgumentException("bad workload options: " + root + " keys=" + keys);
        }
    }

    /**
     * root /paddock-faults, 4 keys, 6 register, 2 set, 4 ephemeral sessions (3 nodes each), 2 watch workers on 4
     * nodes, session timeout 2 s, op timeout 3 s, pauses of 0–20 ms (500–800 operations a second in all on a
     * healthy local ensemble; with 0–5 ms it is nearer 2,000, too many for a minute's history to be searched),
     * churned sessions living about 3 s, a watch write every 5 ms, seed 1.
     */
    public static WorkloadOptions defaults() {
        return new WorkloadOptions("/paddock-faults", 4, 6, 2, 4, 3, 2, 4, 2000, 3000, 20, 3000, 5, 1L);
    }

    public WorkloadOptions withSeed(long s) {
        return new WorkloadOptions(root, keys, registerWorkers, setWorkers, ephemeralSessions, ephemeralsPerSession,
                watchWorkers, watchNodes, sessionTimeoutMs, opTimeoutMs, maxPauseMs, sessionLifeMs, watchWriteMs, s);
    }

    public WorkloadOptions withRoot(String r) {
        return new WorkloadOptions(r, keys, registerWorkers, setWorkers, ephemeralSessions, ephemeralsPerSession,
                watchWorkers, watchNodes, sessionTimeoutMs, opTimeoutMs, maxPauseMs, sessionLifeMs, watchWriteMs, seed);
    }

    public WorkloadOptions withMaxPauseMs(int ms) {
        return new WorkloadOptions(root, keys, registerWorkers, setWorkers, ephemeralSessions, ephemeralsPerSession,
                watchWorkers, watchNodes, sessionTimeoutMs, opTimeoutMs, ms, sessionLifeMs, watchWriteMs, seed);
    }

    public WorkloadOptions withSessionTimeoutMs(int ms) {
        return new WorkloadOptions(root, keys, registerWorkers, setWorkers, ephemeralSessions, ephemeralsPerSession,
                watchWorkers, watchNodes, ms, opTimeoutMs, maxPauseMs, sessionLifeMs, watchWriteMs, seed);
    }

    public String regPath() {
        return root + "/reg";
    }

    public String key(int i) {
        return regPath() + "/k" + i;
    }

    public String setPath() {
        return root + "/set";
    }

    public String ephPath() {
        return root + "/eph";
    }

    public String watchPath() {
        return root + "/watch";
    }

    public String watchNode(int i) {
        return watchPath() + "/w" + i;
    }
}

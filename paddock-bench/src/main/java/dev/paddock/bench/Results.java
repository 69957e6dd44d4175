package dev.paddock.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run measured, per server kind; serialised as docs/bench/results.json. */
public final class Results {
    public String generatedAt;
    public Settings settings;
    public Map<String, String> machine = new LinkedHashMap<>();
    public Map<String, List<String>> serverStorageLog = new LinkedHashMap<>();
    public String paddockStorageMode = "unknown";
    /** Whether Paddock's servers were started with their class data sharing archive ({@link ClassDataArchive}). */
    public boolean paddockClassDataSharing;
    public Map<String, List<Load.Result>> saturation = new LinkedHashMap<>();
    public Map<String, Load.Result> fixedRate = new LinkedHashMap<>();
    /** Every round measured (the maps above keep each server's best round). */
    public Map<String, List<Load.Result>> saturationAllRounds = new LinkedHashMap<>();
    public Map<String, List<Load.Result>> fixedRateAllRounds = new LinkedHashMap<>();
    /** Lean mode, Paddock server only: keys "zookeeper-client" and "paddock-client". */
    public Map<String, Load.Result> lean = new LinkedHashMap<>();
    /**
     * TLS beside plain, both over the official client's Netty socket: keys "&lt;kind&gt; NETTY_PLAIN" and
     * "&lt;kind&gt; NETTY_TLS", one result per write ratio (best round).
     */
    public Map<String, List<Load.Result>> tls = new LinkedHashMap<>();
    public Map<String, Table2> table2 = new LinkedHashMap<>();
    public Map<String, FanOut> fanOut = new LinkedHashMap<>();
    public Map<String, Storm> sessionStorm = new LinkedHashMap<>();
    public Map<String, List<Memory>> memory = new LinkedHashMap<>();
    public Map<String, Restart> restart = new LinkedHashMap<>();
    /** The memory scale curve per server kind: one point per size in {@code settings.memoryZnodes}. */
    public Map<String, List<ScalePoint>> scale = new LinkedHashMap<>();
    /** Heap per data watch: Paddock, ZooKeeper's default watch manager, ZooKeeper's WatchManagerOptimized. */
    public List<WatchMemory> watchMemory = new ArrayList<>();
    /** The pinned scenario per server kind, one result per operation (best round); every round below. */
    public Map<String, List<Pinned>> pinned = new LinkedHashMap<>();
    public Map<String, List<Pinned>> pinnedAllRounds = new LinkedHashMap<>();
    /** 3-server ensembles, sessions spread over all members: write-only and read-only closed-loop load. */
    public Map<String, Load.Result> ensembleWrite = new LinkedHashMap<>();
    public Map<String, Load.Result> ensembleRead = new LinkedHashMap<>();
    /** Every ensemble round, keyed "&lt;kind&gt; writes" and "&lt;kind&gt; reads" (the maps above keep the best). */
    public Map<String, List<Load.Result>> ensembleAllRounds = new LinkedHashMap<>();
    public Map<String, Failover> failover = new LinkedHashMap<>();
    /** What the leader and a follower answered to mntr once the ensemble had formed, per server kind. */
    public Map<String, Map<String, String>> ensembleMntr = new LinkedHashMap<>();
    /** Issue #15's attacks, one result per attack and server kind, run with the plan named {@code overloadMode}. */
    public List<dev.paddock.bench.overload.OverloadResult> overload = new ArrayList<>();
    public String overloadMode;
    public List<String> notes = new ArrayList<>();
    public List<String> failures = new ArrayList<>();

    /** Single synchronous client: create then delete one node, one at a time (the ZooKeeper paper's Table 2). */
    public record Table2(int payload, long pairs, double seconds, double createP50Us, double createP99Us,
                         double deleteP50Us, double deleteP99Us, double pairMeanUs, double opsPerSec) {
    }

    /** W sessions watch one node; one setData; time until the last (and the first) event arrives. */
    public record FanOut(int watchers, int rounds, double lastEventMedianMs, double lastEventMaxMs,
                         double firstEventMedianMs) {
    }

    /** Open N sessions at once, then close them (32 closing threads). */
    public record Storm(int sessions, double openSeconds, double closeSeconds, double opensPerSec,
                        double closesPerSec, double serverCpuSeconds) {
    }

    /** Heap after a full GC and RSS, empty and with N znodes. */
    public record Memory(int znodes, int payload, double populateSeconds, long heapEmptyBytes, long heapBytes,
                         long rssEmptyBytes, long rssBytes, double heapBytesPerZnode) {
    }

    /**
     * Kill -9 of the leader while writers on the other members write in a loop: milliseconds until a survivor
     * reports itself leader, and until the first write committed in the new epoch; per round and summarised.
     */
    public record Failover(int members, int rounds, int writers, double firstWriteMedianMs, double firstWriteMaxMs,
                           double newLeaderMedianMs, double newLeaderMaxMs, double[] firstWriteMs,
                           double[] newLeaderMs) {
    }

    /** Kill -9 with N znodes, restart on the same dataDir; times from the new process's spawn. */
    public record Restart(int znodes, double secondsToRuok, double secondsToServing, double secondsToFirstRead,
                          long znodesAfterRestart, boolean allRecovered) {
    }

    /**
     * One size of the memory scale curve. Live heap two ways, each on the server as populated and on the fresh
     * server before it ({@code ...EmptyBytes}): {@code jcmd GC.run} then the used heap of {@code GC.heap_info}, and
     * the "Total" of {@code jcmd GC.class_histogram} (which runs a full GC itself). {@code snapshotMs}: the first
     * snapshot both servers took entirely after populating (mntr snapshottime), NaN if none came in time;
     * {@code restart}: kill -9 right after, on the same dataDir.
     */
    public record ScalePoint(int znodes, int payload, String heapFlag, double populateSeconds,
                             long heapInfoEmptyBytes, long heapInfoBytes, long histogramEmptyBytes,
                             long histogramBytes, long rssEmptyBytes, long rssBytes, double heapInfoBytesPerZnode,
                             double histogramBytesPerZnode, double snapshotMs, Restart restart) {
    }

    /**
     * {@code sessions} sessions each set a data watch (getData with watch) on each of {@code znodes} znodes;
     * live heap before and after (both ways, as {@link ScalePoint}) and per watch; {@code watchCount}: what mntr
     * reported as zk_watch_count afterwards.
     */
    public record WatchMemory(String server, String watchManager, int znodes, int sessions, long watches,
                              double registerSeconds, long heapInfoBeforeBytes, long heapInfoAfterBytes,
                              long histogramBeforeBytes, long histogramAfterBytes, long rssBeforeBytes,
                              long rssAfterBytes, double heapInfoBytesPerWatch, double histogramBytesPerWatch,
                              long watchCount) {
    }

    /**
     * One operation in the pinned scenario: the server on {@code serverCpus}, the load generator on
     * {@code loadCpus}. {@code serverShare}: server CPU seconds / (wall seconds x server cores);
     * {@code opsPerServerCoreSecond}: ops / server CPU seconds (= ops/s / share on one core); {@code bound}:
     * "server" when the server's cores were at least 90 % busy, else "load generator" when its cores were, else
     * "neither" (both wait: on fsync, on round trips).
     */
    public record Pinned(String op, String serverCpus, int serverCores, String loadCpus, String client,
                         double opsPerSec, double p50Us, double p99Us, long errors, double serverShare,
                         double loadShare, double opsPerServerCoreSecond, double serverCpuUsPerOp, String bound,
                         Load.Result load) {
    }
}

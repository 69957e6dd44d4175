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
    public Map<String, List<Load.Result>> saturation = new LinkedHashMap<>();
    public Map<String, Load.Result> fixedRate = new LinkedHashMap<>();
    /** Every round measured (the maps above keep each server's best round). */
    public Map<String, List<Load.Result>> saturationAllRounds = new LinkedHashMap<>();
    public Map<String, List<Load.Result>> fixedRateAllRounds = new LinkedHashMap<>();
    /** Lean mode, Paddock server only: keys "zookeeper-client" and "paddock-client". */
    public Map<String, Load.Result> lean = new LinkedHashMap<>();
    public Map<String, Table2> table2 = new LinkedHashMap<>();
    public Map<String, FanOut> fanOut = new LinkedHashMap<>();
    public Map<String, Storm> sessionStorm = new LinkedHashMap<>();
    public Map<String, List<Memory>> memory = new LinkedHashMap<>();
    public Map<String, Restart> restart = new LinkedHashMap<>();
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
}

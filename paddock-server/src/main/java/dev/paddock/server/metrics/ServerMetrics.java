package dev.paddock.server.metrics;

import dev.paddock.server.metrics.MetricsCatalog.Def;
import dev.paddock.server.net.OverloadCounters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * One server's counters and summaries under ZooKeeper's names: every one in {@link MetricsCatalog}, those Paddock
 * measures as fields. Held in ConcurrentHashMaps filled in ZooKeeper's registration order, as ZooKeeper's default
 * metrics provider holds them, so {@link #mntr} lists them in ZooKeeper's order. Thread-safe.
 */
public final class ServerMetrics {
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Counter> counterSets = new ConcurrentHashMap<>(); // keyed counters: none kept yet
    private final Map<String, Summary> basicSummaries = new ConcurrentHashMap<>();
    private final Map<String, Summary> summaries = new ConcurrentHashMap<>();
    private final Map<String, SummarySet> basicSummarySets = new ConcurrentHashMap<>();
    private final Map<String, SummarySet> summarySets = new ConcurrentHashMap<>();
    private volatile boolean resettable = true;
    private volatile MetricsSettings prometheus;

    public final Summary fsyncTime;
    public final Summary snapshotTime;
    public final Counter snapshotErrors;
    public final Summary dbInitTime;
    public final Summary readLatency;
    public final Summary updateLatency;
    public final Summary connectionTokenDeficit;
    public final SummarySet writePerNamespace;
    public final SummarySet readPerNamespace;
    public final Counter bytesReceived;
    public final Summary nodeCreatedWatchCount;
    public final Summary nodeDeletedWatchCount;
    public final Summary nodeChangedWatchCount;
    public final Summary nodeChildrenWatchCount;
    public final Summary startupTxnsLoaded;
    public final Summary startupTxnsLoadTime;
    public final Summary startupSnapLoadTime;
    public final Summary syncBatchSize;
    public final Counter responseBytes;
    public final Counter watchBytes;
    public final Counter lookingCount;
    public final Summary electionTime;
    public final Counter proposalCount;
    public final Counter commitCount;
    public final Counter diffCount;
    public final Counter snapCount;
    public final Counter learnerProposalsReceived;
    public final Counter learnerCommitsReceived;
    /** The leader's send queue to each learner (learner_handler_qp_size, learner_handler_qp_time_ms). */
    public final LearnerQueueMetrics learnerSendQueues;
    /** The leader's own gauges (leader_uptime, proposal sizes). */
    public final LeaderFigures leader = new LeaderFigures();

    /** @param overload the overload limits' adders, exported under their ZooKeeper counter names */
    public ServerMetrics(OverloadCounters overload) {
        Map<String, LongAdder> shared = Map.of("connection_request_count", overload.connectionRequests,
                "connection_rejected", overload.connectionRejected, "connection_drop_count", overload.connectionDropped,
                "large_requests_rejected", overload.largeRequestsRejected,
                "request_throttle_wait_count", overload.requestThrottleWaits, "stale_requests", overload.staleRequests,
                "stale_requests_dropped", overload.staleRequestsDropped, "stale_replies", overload.staleReplies,
                "throttled_ops", overload.throttledOps);
        for (Def d : MetricsCatalog.ALL) {
            switch (d.kind()) {
                case COUNTER -> counters.put(d.name(), shared.containsKey(d.name())
                        ? new Counter(d.name(), shared.get(d.name())) : new Counter(d.name()));
                case COUNTER_SET -> counterSets.put(d.name(), new Counter(d.name()));
                case SUMMARY -> (d.advanced() ? summaries : basicSummaries).put(d.name(),
                        new Summary(d.name(), d.advanced()));
                case SUMMARY_SET -> (d.advanced() ? summarySets : basicSummarySets).put(d.name(),
                        new SummarySet(d.name(), d.advanced()));
                default -> {
                    // gauges are read when asked for (Monitor)
                }
            }
        }
        fsyncTime = summary("fsynctime");
        snapshotTime = summary("snapshottime");
        snapshotErrors = counter("snapshot_error_count");
        dbInitTime = summary("dbinittime");
        readLatency = summary("readlatency");
        updateLatency = summary("updatelatency");
        connectionTokenDeficit = summary("connection_token_deficit");
        overload.tokenDeficits = connectionTokenDeficit::add;
        overload.requestQueueTimes = summary("request_throttle_queue_time_ms")::add;
        writePerNamespace = summarySet("write_per_namespace");
        readPerNamespace = summarySet("read_per_namespace");
        bytesReceived = counter("bytes_received_count");
        nodeCreatedWatchCount = summary("node_created_watch_count");
        nodeDeletedWatchCount = summary("node_deleted_watch_count");
        nodeChangedWatchCount = summary("node_changed_watch_count");
        nodeChildrenWatchCount = summary("node_children_watch_count");
        startupTxnsLoaded = summary("startup_txns_loaded");
        startupTxnsLoadTime = summary("startup_txns_load_time");
        startupSnapLoadTime = summary("startup_snap_load_time");
        syncBatchSize = summary("sync_processor_batch_size");
        responseBytes = counter("response_bytes");
        watchBytes = counter("watch_bytes");
        lookingCount = counter("looking_count");
        electionTime = summary("election_time");
        proposalCount = counter("proposal_count");
        commitCount = counter("commit_count");
        diffCount = counter("diff_count");
        snapCount = counter("snap_count");
        learnerProposalsReceived = counter("learner_proposal_received_count");
        learnerCommitsReceived = counter("learner_commit_received_count");
        learnerSendQueues = new LearnerQueueMetrics(summarySet("learner_handler_qp_size"),
                summarySet("learner_handler_qp_time_ms"));
    }

    /** A counter by its ZooKeeper name (e.g. for the admin commands' snapshot_rate_limited_count). */
    public Counter counter(String name) {
        return require(counters.get(name), name);
    }

    /** A summary by its ZooKeeper name. */
    public Summary summary(String name) {
        Summary s = basicSummaries.get(name);
        return require(s != null ? s : summaries.get(name), name);
    }

    public SummarySet summarySet(String name) {
        SummarySet s = basicSummarySets.get(name);
        return require(s != null ? s : summarySets.get(name), name);
    }

    private static <T> T require(T metric, String name) {
        if (metric == null) {
            throw new IllegalArgumentException("no ZooKeeper metric " + name);
        }
        return metric;
    }

    /** Every counter, then counter sets (no keys yet), in ZooKeeper's order (Prometheus and mntr). */
    public void forEachCounter(BiConsumer<String, Counter> action) {
        counters.forEach(action);
    }

    /** The names of the counter sets (exported with no samples: no keys are kept). */
    public Iterable<String> counterSetNames() {
        return counterSets.keySet();
    }

    /** Every summary, basic ones first, in ZooKeeper's order. */
    public void forEachSummary(java.util.function.Consumer<Summary> action) {
        basicSummaries.values().forEach(action);
        summaries.values().forEach(action);
    }

    /** Every summary set, basic ones first, in ZooKeeper's order. */
    public void forEachSummarySet(java.util.function.Consumer<SummarySet> action) {
        basicSummarySets.values().forEach(action);
        summarySets.values().forEach(action);
    }

    /**
     * mntr's entries after the gauges, as ZooKeeper's default provider prints them: counters, counter sets,
     * basic summaries, advanced summaries (with percentiles), basic summary sets, advanced summary sets.
     */
    public void mntr(Map<String, Object> out) {
        counters.forEach((name, c) -> out.put(name, c.get()));
        forEachSummary(s -> s.mntr(s.name(), out));
        forEachSummarySet(set -> set.byKey().values().forEach(s -> s.mntr(s.name(), out)));
    }

    /**
     * Once the Prometheus endpoint is on, {@code srst} leaves these alone, as ZooKeeper's Prometheus provider
     * does (its values only go up for the scraper), and mntr prints the Prometheus samples.
     */
    public void keepForPrometheus(MetricsSettings settings) {
        resettable = false;
        prometheus = settings;
    }

    /** The Prometheus provider's settings when it is on, else null (ZooKeeper's default provider). */
    public MetricsSettings prometheus() {
        return prometheus;
    }

    /** srst: zero everything (the default provider's resetAll), unless exported to Prometheus. */
    public void reset() {
        if (!resettable) {
            return;
        }
        counters.values().forEach(Counter::reset);
        counterSets.values().forEach(Counter::reset);
        forEachSummary(Summary::reset);
        forEachSummarySet(SummarySet::reset);
    }
}

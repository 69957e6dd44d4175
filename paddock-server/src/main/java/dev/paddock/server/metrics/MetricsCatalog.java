package dev.paddock.server.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every metric ZooKeeper 3.9.3 keeps in its root metrics context, with its kind, in ZooKeeper's registration order
 * (which, through the same ConcurrentHashMap, gives mntr's order). A line with a reason after "|" names a
 * ZooKeeper internal Paddock does not have or does not measure: it is still exported, as zero or empty, so
 * dashboards and alerts find every name; {@link #NOT_KEPT} holds the reasons.
 */
public final class MetricsCatalog {
    private MetricsCatalog() {
    }

    /** What a metric is. */
    public enum Kind { GAUGE, COUNTER, SUMMARY, SUMMARY_SET, COUNTER_SET, GAUGE_SET }

    /**
     * One metric.
     *
     * @param advanced ZooKeeper's DetailLevel.ADVANCED for a summary (percentiles), false otherwise
     * @param notKept  why Paddock exports it as zero/empty; null when it is measured
     */
    public record Def(Kind kind, String name, boolean advanced, String notKept) {
    }

    private static final String SERVER_METRICS = """
            summary fsynctime basic
            summary snapshottime basic
            counter snapshot_error_count
            counter snapshot_rate_limited_count | not counted yet: the admin server's snapshot/restore commands do not report to the metrics
            summary restore_time basic | not counted yet: the admin server's snapshot/restore commands do not report to the metrics
            counter restore_error_count | not counted yet: the admin server's snapshot/restore commands do not report to the metrics
            counter restore_rate_limited_count | not counted yet: the admin server's snapshot/restore commands do not report to the metrics
            summary dbinittime basic
            summary readlatency advanced
            summary updatelatency advanced
            summary propagation_latency advanced
            summary follower_sync_time basic
            summary observer_sync_time basic
            summary election_time basic
            counter looking_count
            counter diff_count
            counter snap_count
            counter commit_count
            counter connection_request_count
            summary connection_token_deficit basic
            counter connection_rejected
            summary inflight_snap_count basic | not measured yet (leader's syncs in flight)
            summary inflight_diff_count basic | not measured yet (leader's syncs in flight)
            summary_set write_per_namespace basic
            summary_set read_per_namespace basic
            counter bytes_received_count
            counter unrecoverable_error_count | Paddock halts on an unrecoverable error instead of counting it
            summary node_created_watch_count basic
            summary node_deleted_watch_count basic
            summary node_changed_watch_count basic
            summary node_children_watch_count basic
            counter add_dead_watcher_stall_time | no dead-watcher cleaner: a closed session's watches go at once
            counter dead_watchers_queued | no dead-watcher cleaner: a closed session's watches go at once
            counter dead_watchers_cleared | no dead-watcher cleaner: a closed session's watches go at once
            summary dead_watchers_cleaner_latency advanced | no dead-watcher cleaner: a closed session's watches go at once
            counter response_packet_cache_hits | no serialized-response cache (zookeeper.maxResponseCacheSize)
            counter response_packet_cache_misses | no serialized-response cache (zookeeper.maxResponseCacheSize)
            counter response_packet_get_children_cache_hits | no serialized-response cache (zookeeper.maxGetChildrenResponseCacheSize)
            counter response_packet_get_children_cache_misses | no serialized-response cache (zookeeper.maxGetChildrenResponseCacheSize)
            counter ensemble_auth_success | no EnsembleAuthenticationProvider (zookeeper.ensembleAuthName)
            counter ensemble_auth_fail | no EnsembleAuthenticationProvider (zookeeper.ensembleAuthName)
            counter ensemble_auth_skip | no EnsembleAuthenticationProvider (zookeeper.ensembleAuthName)
            summary prep_processor_queue_time_ms advanced | no PrepRequestProcessor queue: the core thread prepares a request when it takes it
            summary prep_processor_queue_size basic | no PrepRequestProcessor queue: the core thread prepares a request when it takes it
            counter prep_processor_request_queued | no PrepRequestProcessor queue: the core thread prepares a request when it takes it
            counter outstanding_changes_queued | pending changes are not counted (LeaderPipeline's PendingChanges)
            counter outstanding_changes_removed | pending changes are not counted (LeaderPipeline's PendingChanges)
            summary prep_process_time basic | preparation is not timed separately from the request latency
            summary proposal_process_time basic | preparation is not timed separately from the request latency
            summary close_session_prep_time advanced | preparation is not timed separately from the request latency
            counter revalidate_count
            counter connection_drop_count
            counter connection_revalidate_count
            counter sessionless_connections_expired | no expiry queue for connections without a session
            counter stale_sessions_expired
            summary unavailable_time basic
            summary leader_unavailable_time basic
            summary requests_in_session_queue basic | no CommitProcessor: requests wait in per-connection inboxes (RequestInbox)
            summary pending_session_queue_size basic | no CommitProcessor: requests wait in per-connection inboxes (RequestInbox)
            summary reads_after_write_in_session_queue basic | no CommitProcessor: requests wait in per-connection inboxes (RequestInbox)
            summary reads_issued_from_session_queue basic | no CommitProcessor: requests wait in per-connection inboxes (RequestInbox)
            summary session_queues_drained basic | no CommitProcessor: requests wait in per-connection inboxes (RequestInbox)
            summary time_waiting_empty_pool_in_commit_processor_read_ms basic | no CommitProcessor worker pool: reads run on the core thread
            summary write_batch_time_in_commit_processor basic | no CommitProcessor: commits are applied on the core thread
            summary concurrent_request_processing_in_commit_processor basic | no CommitProcessor worker pool: reads run on the core thread
            summary read_commit_proc_req_queued basic | no CommitProcessor: requests wait in per-connection inboxes (RequestInbox)
            summary write_commit_proc_req_queued basic | no CommitProcessor: requests wait in per-connection inboxes (RequestInbox)
            summary commit_commit_proc_req_queued basic | no CommitProcessor: commits are applied on the core thread
            counter request_commit_queued | no CommitProcessor: commits are applied on the core thread
            summary read_commit_proc_issued basic | no CommitProcessor worker pool: reads run on the core thread
            summary write_commit_proc_issued basic | no CommitProcessor: commits are applied on the core thread
            counter throttled_ops
            summary read_commitproc_time_ms advanced | no CommitProcessor: requests wait in per-connection inboxes (RequestInbox)
            summary write_commitproc_time_ms advanced | no CommitProcessor: requests wait in per-connection inboxes (RequestInbox)
            summary local_write_committed_time_ms advanced | no CommitProcessor: commits are applied on the core thread
            summary server_write_committed_time_ms advanced | no CommitProcessor: commits are applied on the core thread
            summary commit_process_time basic | no CommitProcessor: commits are applied on the core thread
            summary om_proposal_process_time_ms advanced | no observer masters (observerMasterPort)
            summary om_commit_process_time_ms advanced | no observer masters (observerMasterPort)
            summary read_final_proc_time_ms advanced | no FinalRequestProcessor: replies are made on the core thread
            summary write_final_proc_time_ms advanced | no FinalRequestProcessor: replies are made on the core thread
            summary proposal_latency advanced | not measured yet (leader's proposal to commit)
            summary proposal_ack_creation_latency advanced | not measured yet (learner's proposal to ack)
            summary commit_propagation_latency advanced | not measured yet (leader's commit to learner's apply)
            counter learner_proposal_received_count
            counter learner_commit_received_count
            summary_set learner_handler_qp_size basic
            summary_set learner_handler_qp_time_ms advanced
            summary startup_txns_loaded basic
            summary startup_txns_load_time basic
            summary startup_snap_load_time basic
            summary sync_processor_queue_and_flush_time_ms advanced | no SyncRequestProcessor queue: batches go to the group-commit writer (see fsynctime, sync_processor_batch_size)
            summary sync_processor_queue_size basic | no SyncRequestProcessor queue: batches go to the group-commit writer (see fsynctime, sync_processor_batch_size)
            counter sync_processor_request_queued | no SyncRequestProcessor queue: batches go to the group-commit writer (see fsynctime, sync_processor_batch_size)
            summary sync_processor_queue_time_ms advanced | no SyncRequestProcessor queue: batches go to the group-commit writer (see fsynctime, sync_processor_batch_size)
            summary sync_processor_queue_flush_time_ms advanced | no SyncRequestProcessor queue: batches go to the group-commit writer (see fsynctime, sync_processor_batch_size)
            summary sync_process_time basic | no SyncRequestProcessor queue: batches go to the group-commit writer (see fsynctime, sync_processor_batch_size)
            summary sync_processor_batch_size basic
            summary quorum_ack_latency advanced | not measured yet (leader's proposal to quorum ack)
            summary_set ack_latency advanced | not measured yet (leader's proposal to each learner's ack)
            counter proposal_count
            counter quit_leading_due_to_disloyal_voter | not counted yet (leader stepping down)
            counter stale_requests
            counter stale_requests_dropped
            counter stale_replies
            summary request_throttle_queue_time_ms advanced
            counter request_throttle_wait_count
            counter large_requests_rejected
            summary netty_queued_buffer_capacity basic | replies are queued per connection, not in a Netty composite buffer
            counter digest_mismatches_count | Paddock's proposals carry no txn digest
            summary learner_request_processor_queue_size basic | no LearnerRequestProcessor queue: a follower forwards a write when the core takes it
            counter unsuccessful_handshake | no TLS on the client port yet
            counter insecure_admin_count | no HTTPS admin server yet
            counter tls_handshake_exceeded | no TLS on the client port yet
            counter cnxn_closed_without_zk_server_running | not counted yet (connections closed while an ensemble member is not serving)
            counter skip_learner_request_to_next_processor_count | no learner request processors
            summary socket_closing_time basic | not measured (Netty closes sockets asynchronously)
            counter requests_not_forwarded_to_commit_processor | no CommitProcessor
            counter response_bytes
            counter watch_bytes
            summary jvm_pause_time_ms advanced | no JVM pause monitor (jvm.pause.*)
            counter_set quota_exceeded_error_per_namespace | not counted (quota refusals are logged)
            """;

    /** The gauges ZooKeeper registers (ZooKeeperServer, then QuorumZooKeeperServer and LeaderZooKeeperServer). */
    private static final String GAUGES = """
            gauge avg_latency
            gauge max_latency
            gauge min_latency
            gauge packets_received
            gauge packets_sent
            gauge num_alive_connections
            gauge outstanding_requests
            gauge uptime
            gauge znode_count
            gauge watch_count
            gauge ephemerals_count
            gauge approximate_data_size
            gauge global_sessions
            gauge local_sessions
            gauge open_file_descriptor_count
            gauge max_file_descriptor_count
            gauge connection_drop_probability
            gauge last_client_response_size
            gauge max_client_response_size
            gauge min_client_response_size
            gauge outstanding_tls_handshake | no TLS on the client port yet: always 0
            gauge auth_failed_count | counts failed TLS client authentications; no TLS on the client port yet: always 0
            gauge non_mtls_remote_conn_count | no TLS on the client port yet: always 0
            gauge non_mtls_local_conn_count | no TLS on the client port yet: always 0
            gauge_set quota_count_limit_per_namespace | not measured: no keys
            gauge_set quota_bytes_limit_per_namespace | not measured: no keys
            gauge_set quota_count_usage_per_namespace | not measured: no keys
            gauge_set quota_bytes_usage_per_namespace | not measured: no keys
            gauge quorum_size
            gauge learners
            gauge synced_followers
            gauge synced_non_voting_followers
            gauge synced_observers
            gauge pending_syncs
            gauge leader_uptime
            gauge last_proposal_size
            gauge max_proposal_size
            gauge min_proposal_size
            """;

    /** Every metric, gauges first, then the rest in ZooKeeper's registration order. */
    public static final List<Def> ALL = Collections.unmodifiableList(parse(GAUGES + SERVER_METRICS));

    /** The metrics Paddock exports under ZooKeeper's name without a counterpart, each with one line saying why. */
    public static final Map<String, String> NOT_KEPT = notKept();

    private static List<Def> parse(String text) {
        List<Def> defs = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int bar = line.indexOf('|');
            String[] words = (bar < 0 ? line : line.substring(0, bar)).trim().split(" ");
            String reason = bar < 0 ? null : line.substring(bar + 1).trim();
            Kind kind = Kind.valueOf(words[0].toUpperCase(java.util.Locale.ROOT));
            defs.add(new Def(kind, words[1], words.length > 2 && words[2].equals("advanced"), reason));
        }
        return defs;
    }

    private static Map<String, String> notKept() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Def d : ALL) {
            if (d.notKept() != null) {
                m.put(d.name(), d.notKept());
            }
        }
        return Collections.unmodifiableMap(m);
    }
}

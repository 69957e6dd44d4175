package dev.paddock.faults.history;

import java.util.List;
import java.util.Map;

/**
 * What each server held once the ensemble was healed and quiet, read from each server in turn after a sync.
 *
 * @param digests     server id → tree digest (a server that did not answer is absent)
 * @param setItems    server id → the set workload's children, name → value
 * @param ephemerals  server id → ephemeral path → owner session id, under the ephemerals workload's root
 * @param registers   server id → register key → version
 * @param watchedVersions watched path → the final version of the node (from the first server read)
 */
public record FinalState(Map<Integer, String> digests, Map<Integer, Map<String, Long>> setItems,
                         Map<Integer, Map<String, Long>> ephemerals, Map<Integer, Map<String, Integer>> registers,
                         Map<String, Integer> watchedVersions, List<String> unreachable) {
}

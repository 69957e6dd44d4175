/**
 * Zab (ZooKeeper 3.9's atomic broadcast, same packets and payloads) as plain state machines.
 *
 * <p>A server runs one {@link dev.paddock.quorum.zab.ZabRole} at a time, chosen by leader election:
 * {@link dev.paddock.quorum.zab.ZabLeader} (LEADING) or {@link dev.paddock.quorum.zab.ZabLearner} (FOLLOWING or
 * OBSERVING). Both are built from the {@link dev.paddock.quorum.zab.ZabConfig} and the
 * {@link dev.paddock.quorum.zab.DurableState} read from disk; the leader also takes a
 * {@link dev.paddock.quorum.zab.SyncSource} (its history for syncing learners).
 *
 * <p>Driving a role, on one thread:
 * <ol>
 *   <li>Before starting a role, flush the log and (re)load the replica from snapshot + log, as ZooKeeper reloads
 *       its database: the replica then holds exactly the log, committed or not.</li>
 *   <li>Feed inputs: {@code onPacket}, {@code tick} (once per tickTime), {@code persisted(zxid)} (log durable up
 *       to zxid), {@code connected}/{@code disconnected}, and on an established leader {@code propose}.</li>
 *   <li>After every input, {@code drain()} and carry the outputs out in order:
 *       {@link dev.paddock.quorum.zab.ZabOutput.Send} on the quorum connection (SNAP: write the packet, then
 *       its data raw, as ZooKeeper streams the snapshot); {@code Append} asynchronously (group commit), reporting
 *       {@code persisted}; {@code Truncate}, {@code InstallSnapshot}, {@code WriteAcceptedEpoch} and
 *       {@code WriteCurrentEpoch} durably before the next output; {@code Apply} to the replica;
 *       {@code ElectionNeeded}: close the role's connections and go back to election.</li>
 * </ol>
 * The learner's outputs encode the ordering rules that ZooKeeper learned the hard way: acceptedEpoch is durable
 * before ACKEPOCH, every synced txn is durable before currentEpoch is written, and currentEpoch before the
 * NEWLEADER ack; a proposal is acked only once durable.
 */
package dev.paddock.quorum.zab;

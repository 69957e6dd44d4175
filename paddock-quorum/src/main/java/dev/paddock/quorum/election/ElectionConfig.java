package dev.paddock.quorum.election;

import java.util.Objects;

/**
 * What an {@link ElectionCore} needs to know about its server and ensemble, plus ZooKeeper's timing constants.
 *
 * @param mySid                     this server's id
 * @param learnerType               participant (votes) or observer (only learns the leader)
 * @param view                      the voting members and the config text notifications carry
 * @param finalizeWaitMs            quiet time after a quorum agrees before deciding (ZooKeeper: 200)
 * @param minNotificationIntervalMs first re-send interval when nothing arrives
 *                                  ({@code zookeeper.fastleader.minNotificationInterval}, default finalizeWait)
 * @param maxNotificationIntervalMs cap of the doubling re-send interval
 *                                  ({@code zookeeper.fastleader.maxNotificationInterval}, default 60000)
 */
public record ElectionConfig(long mySid, LearnerType learnerType, VotingView view, long finalizeWaitMs,
                             long minNotificationIntervalMs, long maxNotificationIntervalMs) {

    public static final long FINALIZE_WAIT_MS = 200;
    public static final long MAX_NOTIFICATION_INTERVAL_MS = 60_000;

    public ElectionConfig {
        Objects.requireNonNull(learnerType, "learnerType");
        Objects.requireNonNull(view, "view");
        if (finalizeWaitMs < 0 || minNotificationIntervalMs <= 0 || maxNotificationIntervalMs < minNotificationIntervalMs) {
            throw new IllegalArgumentException("bad election timing: finalizeWait " + finalizeWaitMs + " ms, interval "
                + minNotificationIntervalMs + ".." + maxNotificationIntervalMs + " ms");
        }
    }

    /** ZooKeeper's defaults: finalize wait 200 ms, re-send from 200 ms doubling up to 60 s. */
    public static ElectionConfig of(long mySid, LearnerType learnerType, VotingView view) {
        return new ElectionConfig(mySid, learnerType, view, FINALIZE_WAIT_MS, FINALIZE_WAIT_MS,
            MAX_NOTIFICATION_INTERVAL_MS);
    }
}

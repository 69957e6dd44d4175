package dev.paddock.faults.run;

/**
 * The workloads' figures for one second of a run (operations completed in it, by outcome; unknown ones are
 * counted in the second they were given up).
 */
public record Sample(long second, int ok, int fail, int unknown, double p50Millis, double p99Millis,
                     double maxMillis) {
}

/**
 * The deterministic simulator: several servers' election and Zab state machines on one thread, with a
 * simulated network, disk and clock, all driven from one seed.
 */
package dev.paddock.sim;

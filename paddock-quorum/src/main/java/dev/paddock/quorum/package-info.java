/**
 * The quorum protocols as plain state machines: FastLeaderElection ({@code election}) and Zab ({@code zab}).
 * Messages, ticks and disk completions go in; messages to send and disk actions come out. Nothing in here
 * opens a socket, starts a thread or reads a clock: the server drives it on Netty, the simulator on one thread.
 */
package dev.paddock.quorum;

package dev.paddock.server.quorum;

/** One received election payload (opaque here) and the sid it came from. */
public record ElectionMessage(long fromSid, byte[] payload) {
}

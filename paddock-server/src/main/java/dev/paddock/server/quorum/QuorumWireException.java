package dev.paddock.server.quorum;

import java.io.IOException;

/** Bytes on the quorum port that are not a well-formed packet or snapshot stream; the connection is closed. */
public final class QuorumWireException extends IOException {
    public QuorumWireException(String message) {
        super(message);
    }
}

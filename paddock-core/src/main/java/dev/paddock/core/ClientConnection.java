package dev.paddock.core;

import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.ReplyHeader;

/**
 * The core's view of one client connection. Implemented by the network layer (and by test fakes). Every
 * method must return at once: it queues bytes, it never waits for the peer.
 */
public interface ClientConnection {
    /** Unique for the life of the server process. */
    long connectionId();

    /** The peer's IP address as text, e.g. "127.0.0.1"; used by ip ACLs and logs. */
    String remoteAddress();

    /** Answers the connect handshake. */
    void sendConnectResponse(ConnectResponse response);

    /** Queues a reply, or a watch notification when {@code header.xid() == -1}. {@code body} may be null. */
    void send(ReplyHeader header, JuteRecord body);

    /** Sends what is queued, then closes the connection. Idempotent. */
    void close();
}

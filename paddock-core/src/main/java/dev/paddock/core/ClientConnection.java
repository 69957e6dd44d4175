package dev.paddock.core;

import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.ReplyHeader;
import java.util.List;

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

    /**
     * Answers the connect handshake from a read-only server: the response's trailing readOnly flag (when the
     * client sent one) is {@code readOnlyServer}.
     */
    default void sendConnectResponse(ConnectResponse response, boolean readOnlyServer) {
        sendConnectResponse(response);
    }

    /** The connect request's trailing readOnly flag: the client accepts a read-only server (canBeReadOnly). */
    default boolean canBeReadOnly() {
        return false;
    }

    /**
     * Ids the transport proved before the connect request (e.g. {@code x509} from a TLS client certificate, and
     * {@code super} for the configured x509 super user); the core adds them to the connection's auth ids.
     */
    default List<Id> transportAuthIds() {
        return List.of();
    }

    /** Queues a reply, or a watch notification when {@code header.xid() == -1}. {@code body} may be null. */
    void send(ReplyHeader header, JuteRecord body);

    /** Sends what is queued, then closes the connection. Idempotent. */
    void close();
}

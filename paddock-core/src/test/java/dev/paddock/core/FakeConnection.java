package dev.paddock.core;

import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.ReplyHeader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client connection that records what the core sends it (shared with other modules' tests through
 * paddock-core's test-jar). Safe to read from a test thread while a core thread sends.
 */
public final class FakeConnection implements ClientConnection {
    /** A reply or, with xid -1, a watch event. */
    public record Sent(ReplyHeader header, JuteRecord body) {
    }

    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    public final long id = NEXT_ID.getAndIncrement();
    public final String address;
    /** Everything sent, in order: {@link ConnectResponse}s and {@link Sent}s. */
    public final List<Object> sent = new CopyOnWriteArrayList<>();
    public volatile boolean closed;
    /** The connect request's readOnly flag (the client accepts a read-only server). */
    public volatile boolean canBeReadOnly;
    /** The readOnly flag of the last connect response. */
    public volatile boolean readOnlyServer;

    public FakeConnection(String address) {
        this.address = address;
    }

    public FakeConnection() {
        this("127.0.0.1");
    }

    @Override
    public long connectionId() {
        return id;
    }

    @Override
    public String remoteAddress() {
        return address;
    }

    @Override
    public void sendConnectResponse(ConnectResponse response) {
        sent.add(response);
    }

    @Override
    public void sendConnectResponse(ConnectResponse response, boolean readOnlyServer) {
        this.readOnlyServer = readOnlyServer;
        sent.add(response);
    }

    @Override
    public boolean canBeReadOnly() {
        return canBeReadOnly;
    }

    @Override
    public void send(ReplyHeader header, JuteRecord body) {
        sent.add(new Sent(header, body));
    }

    @Override
    public void close() {
        closed = true;
    }

    public Object last() {
        return sent.get(sent.size() - 1);
    }

    /** The session the first connect response gave (0 when refused). */
    public long sessionId() {
        return ((ConnectResponse) sent.get(0)).sessionId();
    }

    /** Replies to requests (no watch events, no pings), in order. */
    public List<Sent> replies() {
        return sent.stream().filter(Sent.class::isInstance).map(Sent.class::cast)
                .filter(s -> s.header().xid() != -1 && s.header().xid() != -2).toList();
    }

    /** The error codes of {@link #replies()}. */
    public List<Integer> errors() {
        return replies().stream().map(s -> s.header().err()).toList();
    }
}

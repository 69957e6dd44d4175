package dev.paddock.core;

import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.ReplyHeader;
import java.util.ArrayList;
import java.util.List;

/** A connection that records what the core sends. */
final class FakeConnection implements ClientConnection {
    record Sent(ReplyHeader header, JuteRecord body) {
    }

    private static long nextId = 1;
    final long id = nextId++;
    final String address;
    final List<Object> sent = new ArrayList<>();
    boolean closed;

    FakeConnection(String address) {
        this.address = address;
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
    public void send(ReplyHeader header, JuteRecord body) {
        sent.add(new Sent(header, body));
    }

    @Override
    public void close() {
        closed = true;
    }

    Object last() {
        return sent.get(sent.size() - 1);
    }
}

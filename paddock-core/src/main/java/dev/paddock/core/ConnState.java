package dev.paddock.core;

import dev.paddock.core.pipeline.ApplyResult;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.proto.RequestHeader;
import java.util.ArrayDeque;
import java.util.Set;

/** The core's bookkeeping for one connection: its session, its authenticated ids, its unanswered requests. */
final class ConnState {
    final ClientConnection conn;
    /** Same kind of set as ZooKeeper's, so ids iterate (and "auth" ACLs expand, whoAmI lists) in its order. */
    final Set<Id> authIds = java.util.Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());
    final ArrayDeque<Entry> queue = new ArrayDeque<>();
    long sessionId;
    int negotiatedTimeoutMs;
    boolean closed;
    /** The connection's SASL exchange, from its first SASL packet on; null before. */
    dev.paddock.core.auth.SaslAuthenticator.Exchange sasl;

    ConnState(ClientConnection conn) {
        this.conn = conn;
        authIds.add(new Id("ip", conn.remoteAddress()));
        authIds.addAll(conn.transportAuthIds());
    }

    long id() {
        return conn.connectionId();
    }

    /**
     * A request awaiting its answer. Answers leave in arrival order: a read waits behind its connection's
     * earlier writes, a write waits for its transaction to commit.
     */
    static final class Entry {
        final RequestHeader header;
        final OpCode op;
        final JuteRecord body;
        boolean write;
        boolean done;
        ApplyResult result;
        int presetError;

        Entry(RequestHeader header, OpCode op, JuteRecord body, boolean write) {
            this.header = header;
            this.op = op;
            this.body = body;
            this.write = write;
        }
    }
}

package dev.paddock.core;

import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.RequestHeader;
import java.util.List;

/** Drives a ServerCore with a manual clock, committing every proposal at once (a perfect, instant disk). */
final class CoreHarness {
    final ServerCore core;
    long now = 1_000_000;
    boolean autoCommit = true;

    CoreHarness(CoreConfig config) {
        core = new ServerCore(config, now);
    }

    /** Every transaction committed so far, in order. */
    final List<LoggedTxn> logged = new java.util.ArrayList<>();

    void flush() {
        List<LoggedTxn> p = core.takeProposals();
        logged.addAll(p);
        if (!p.isEmpty()) {
            core.committed(p.get(p.size() - 1).zxid(), now);
        }
    }

    FakeConnection connect(int timeoutMs) {
        FakeConnection c = new FakeConnection("127.0.0.1");
        core.connect(c, new ConnectRequest(0, 0, timeoutMs, 0, new byte[16]), now);
        if (autoCommit) {
            flush();
        }
        return c;
    }

    long sessionOf(FakeConnection c) {
        for (Object o : c.sent) {
            if (o instanceof ConnectResponse r) {
                return r.sessionId();
            }
        }
        throw new AssertionError("no session");
    }

    FakeConnection.Sent call(FakeConnection c, int xid, OpCode op, JuteRecord body) {
        int before = c.sent.size();
        core.request(c, new RequestHeader(xid, op.code), body, now);
        if (autoCommit) {
            flush();
        }
        for (int i = before; i < c.sent.size(); i++) {
            if (c.sent.get(i) instanceof FakeConnection.Sent s && s.header().xid() == xid) {
                return s;
            }
        }
        return null;
    }

    void advance(long ms) {
        now += ms;
        core.tick(now);
        if (autoCommit) {
            flush();
        }
    }
}

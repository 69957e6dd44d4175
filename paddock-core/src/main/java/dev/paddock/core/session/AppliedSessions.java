package dev.paddock.core.session;

import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.txn.CreateSessionTxn;
import dev.paddock.jute.txn.TxnHeader;
import java.util.HashMap;
import java.util.Map;

/**
 * The sessions as of the last applied transaction: id to the timeout its CreateSession recorded. This, not the
 * tracker (which learns of a session when it is proposed), is what a snapshot at the applied zxid may hold: a
 * session whose creation is not yet durable must not reach a snapshot, or recovery would revive it.
 */
public final class AppliedSessions {
    private final Map<Long, Integer> timeouts;

    public AppliedSessions(Map<Long, Integer> recovered) {
        this.timeouts = new HashMap<>(recovered);
    }

    /** Follows one applied transaction. */
    public void applied(TxnHeader header, JuteRecord txn) {
        track(timeouts, header, txn);
    }

    /** How many sessions are open. */
    public int count() {
        return timeouts.size();
    }

    /** A copy, safe to hand to another thread. */
    public Map<Long, Integer> copy() {
        return new HashMap<>(timeouts);
    }

    /** Updates {@code sessions} for a create- or close-session transaction; other types leave it alone. */
    public static void track(Map<Long, Integer> sessions, TxnHeader header, JuteRecord txn) {
        OpCode type = OpCode.of(header.type());
        if (type == OpCode.CREATE_SESSION) {
            sessions.put(header.clientId(), ((CreateSessionTxn) txn).timeOut());
        } else if (type == OpCode.CLOSE_SESSION) {
            sessions.remove(header.clientId());
        }
    }
}

package dev.paddock.faults.workload;

import dev.paddock.client.KeeperException;
import dev.paddock.faults.history.Outcome;
import dev.paddock.jute.ErrorCode;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How a failed operation is classified.
 *
 * <p>A read that fails is {@link Outcome#FAIL}: it changed nothing, whatever the reason. A write (setData, create,
 * closeSession) is FAIL only for a server's definite refusal, an error the server returns after it evaluated the
 * request against its tree and did not change it: BADVERSION, NONODE, NODEEXISTS, NOTEMPTY, NOAUTH, INVALIDACL,
 * BADARGUMENTS, NOCHILDRENFOREPHEMERALS. Everything else is {@link Outcome#UNKNOWN}: a lost connection or a reply
 * not received in time (the request may have been proposed and committed after we stopped waiting), SESSIONMOVED,
 * OPERATIONTIMEOUT, REQUESTTIMEOUT, THROTTLEDOP, any unexpected exception, and also SESSIONEXPIRED. In ZooKeeper a
 * request of an expired session is turned into an error transaction before it is proposed, so it cannot change
 * the tree; but the client also reports SESSIONEXPIRED for requests it had queued when a reconnect found the
 * session gone, and one of those may have been written to the old connection before it broke. Calling that
 * UNKNOWN costs the checker a little search and can never hide a lost or invented write.
 */
final class Outcomes {
    private static final Set<ErrorCode> DEFINITE = EnumSet.of(ErrorCode.BADVERSION, ErrorCode.NONODE,
            ErrorCode.NODEEXISTS, ErrorCode.NOTEMPTY, ErrorCode.NOAUTH, ErrorCode.INVALIDACL,
            ErrorCode.BADARGUMENTS, ErrorCode.NOCHILDRENFOREPHEMERALS);

    private Outcomes() {
    }

    /** The outcome of a write that ended with {@code error}. */
    static Outcome ofWrite(Throwable error) {
        ErrorCode c = code(error);
        return c != null && DEFINITE.contains(c) ? Outcome.FAIL : Outcome.UNKNOWN;
    }

    /** The KeeperException code of {@code error} (unwrapped), or null when it is something else. */
    static ErrorCode code(Throwable error) {
        Throwable t = unwrap(error);
        return t instanceof KeeperException ke ? ke.code() : null;
    }

    /** The code's name (BADVERSION, …) or the exception's simple class name, for the history's error field. */
    static String name(Throwable error) {
        Throwable t = unwrap(error);
        ErrorCode c = code(t);
        return c != null ? c.name() : t.getClass().getSimpleName();
    }

    static Throwable unwrap(Throwable t) {
        Throwable x = t;
        while ((x instanceof CompletionException || x instanceof ExecutionException) && x.getCause() != null) {
            x = x.getCause();
        }
        return x;
    }
}

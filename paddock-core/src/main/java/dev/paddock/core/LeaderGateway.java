package dev.paddock.core;

import dev.paddock.core.pipeline.Preparer;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;

/**
 * What the client front asks of the leader. On the leader (and standalone) it is the local
 * {@link dev.paddock.core.pipeline.LeaderPipeline}; on a learner it forwards to the leader (REQUEST,
 * REVALIDATE and session touches in PINGs) and the answers come back as committed transactions and
 * {@link ServerCore#revalidated} calls.
 */
public interface LeaderGateway {
    /** The answer to "may this session resume here?". */
    enum Validity { VALID, INVALID, PENDING }

    /** A new session, created by this server for a client connected to it. */
    void createSession(long sessionId, int timeoutMs, long nowMs);

    /** The client asked to close its session. */
    void closeSession(long sessionId, int cxid, long nowMs);

    /** A client write (never a session operation). */
    void write(OpCode op, JuteRecord body, Preparer.Caller caller, long nowMs);

    /**
     * The client was heard from: extend its session by {@code timeoutMs}. False when the session is known not to
     * be live (a learner cannot know and answers true; the leader refuses the session's next write instead).
     */
    boolean touch(long sessionId, int timeoutMs, long nowMs);

    /**
     * A client wants to resume {@code sessionId} here. {@link Validity#PENDING} when the answer has to come from
     * elsewhere; it then arrives through {@link ServerCore#revalidated}.
     */
    Validity revalidate(long sessionId, int timeoutMs, long nowMs);

    /**
     * A client's sync(): true when this server already has everything committed before it (the leader itself);
     * false when the leader's answer must be awaited, which then arrives through {@link ServerCore#synced}.
     */
    boolean sync(long sessionId, int cxid, String path, long nowMs);

    /** A committed transaction has been applied to this server's replica. */
    void applied(LoggedTxn txn);
}

package dev.paddock.faults.history;

/**
 * How an operation ended as its client saw it. {@link #UNKNOWN} is a lost connection or a timeout after the
 * request may have reached a server: it may have taken effect at any time after its invocation, or never.
 */
public enum Outcome {
    /** Succeeded; the reply is recorded. */
    OK,
    /** Definitely failed with no effect (e.g. BADVERSION, NONODE, or refused before it was sent). */
    FAIL,
    /** Unknown: may or may not have taken effect. */
    UNKNOWN
}

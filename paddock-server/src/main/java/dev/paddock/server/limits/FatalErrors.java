package dev.paddock.server.limits;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The out-of-memory policy: running out of memory is a bug, not a state to limp on. A server that could not
 * allocate may have lost a reply, a watch or a log write half-way; it stops at once so that clients move to
 * another server and an ensemble elects around it.
 *
 * <p>The launcher passes ZooKeeper's {@code -XX:OnOutOfMemoryError='kill -9 %p'}, but the JVM runs that only for
 * the out-of-memory errors it raises itself (heap, metaspace). Direct-buffer exhaustion is thrown by library code
 * ({@code java.nio.Bits}' "Cannot reserve ... bytes of direct buffer memory", Netty's
 * {@code OutOfDirectMemoryError}) and would otherwise only reach an exception handler. The network handlers hand
 * every throwable they catch to {@link #haltOnFatal}, which does what the JVM flag would have done.
 */
public final class FatalErrors {
    private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);

    /** Set to true (tests only) to log but not halt. */
    public static final String NO_HALT_PROPERTY = "paddock.test.noHaltOnOom";

    /** The exit status, as {@code kill -9} leaves none: 1, as for any other fatal server error. */
    public static final int EXIT_STATUS = 1;

    private FatalErrors() {
    }

    /** Whether {@code t} or any of its causes is an {@link OutOfMemoryError} (Netty's direct-memory one included). */
    public static boolean isFatal(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /**
     * If {@code t} is fatal ({@link #isFatal}), logs one ERROR line naming {@code where} and halts the JVM with
     * status 1 at once: no shutdown hooks, no further allocation, as {@code kill -9} would. With the system
     * property {@code paddock.test.noHaltOnOom=true} it logs and returns instead.
     *
     * @return whether {@code t} was fatal (only ever true when halting is switched off)
     */
    public static boolean haltOnFatal(Throwable t, String where) {
        if (!isFatal(t)) {
            return false;
        }
        boolean halt = !Boolean.getBoolean(NO_HALT_PROPERTY);
        try {
            String line = "Out of memory in " + where + ": " + t + (halt ? "; halting the server (exit status "
                    + EXIT_STATUS + ")" : "; not halting (" + NO_HALT_PROPERTY + "=true)");
            LOG.error(line);
            System.err.println(line); // the log may be buffered and halt flushes nothing
        } catch (Throwable ignored) {
            // no memory left even to log: halt anyway
        }
        if (halt) {
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
        return true;
    }
}

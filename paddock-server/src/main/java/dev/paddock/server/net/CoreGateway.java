package dev.paddock.server.net;

import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.core.CoreFigures;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What the network layer needs from the core side. Every method returns at once: the work is queued for the
 * core thread. Implemented by {@link dev.paddock.server.core.CoreDriver}; tests use fakes.
 */
public interface CoreGateway {
    /** A connect handshake arrived. */
    void connect(NettyConnection conn, ConnectRequest request);

    /**
     * A request arrived; {@code body} is null for ops without one and for unknown ops; {@code frameBytes} is the
     * size of its frame (for the large-request limit).
     */
    void request(NettyConnection conn, RequestHeader header, JuteRecord body, int frameBytes);

    /**
     * Called (from any thread) when a connection whose client was not reading has moved queued replies on: the
     * gateway may serve its requests again once little enough output is waiting.
     */
    void outputDrained(NettyConnection conn);

    /** A connection whose handshake reached the core has closed. */
    void connectionClosed(NettyConnection conn);

    /** Runs {@code query} on the core thread. Fails (or times out) when the core is not serving. */
    <T> CompletableFuture<T> query(Function<CoreFigures, T> query);

    /** Whether the core is up and taking work. */
    boolean isRunning();

    /**
     * Called by a connection that has queued output: returns true if the caller is inside a core task and the
     * gateway will call {@link NettyConnection#flushQueued()} when the task ends (so a task's replies go out in
     * one write); false if the connection must flush itself now.
     */
    boolean deferFlush(NettyConnection conn);

    /**
     * Runs {@code work} on the core thread with the core and the time (ms) it runs at; for in-process sessions
     * such as the web console's. Errors are logged. Fakes that do not need it leave it unsupported.
     */
    default void run(String what, java.util.function.ObjLongConsumer<dev.paddock.core.CoreNode> work) {
        throw new UnsupportedOperationException("this core gateway runs no tasks: " + what);
    }
}

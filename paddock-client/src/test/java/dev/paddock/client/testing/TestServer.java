package dev.paddock.client.testing;

/**
 * A server the client suite runs against. Apache ZooKeeper 3.9.3 today; Paddock's own server plugs in by
 * implementing this interface (and subclassing the suite).
 */
public interface TestServer extends AutoCloseable {
    /** Starts the server; after {@link #stop()} it comes back on the same port with the same data. */
    void start() throws Exception;

    /** Stops the server; its port and data stay reserved for {@link #start()}. */
    void stop() throws Exception;

    /** Deletes the server's data (only while stopped), so the next start knows no sessions. */
    void wipeData() throws Exception;

    /** host:port of this server. */
    String connectString();

    int port();

    default void restart() throws Exception {
        stop();
        start();
    }

    @Override
    void close() throws Exception;
}

package dev.paddock.bench.overload;

import dev.paddock.bench.ServerProcess;
import java.util.concurrent.atomic.AtomicLong;

/** Reads a server's RSS from /proc every 50 ms on a daemon thread and keeps the peak. */
final class RssSampler implements AutoCloseable {
    private final ServerProcess server;
    private final AtomicLong peak = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean running = true;

    RssSampler(ServerProcess server) {
        this.server = server;
        sample();
        this.thread = new Thread(this::loop, "overload-rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        long rss = server.rssBytes();
        peak.accumulateAndGet(rss, Math::max);
    }

    /** Stops sampling (after one last sample); returns the peak RSS seen, -1 if none could be read. */
    long stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        return peak.get();
    }

    @Override
    public void close() {
        stop();
    }
}

package dev.paddock.clients;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;

/** Collects what a running program writes to one stream, on a daemon thread, so a test can wait for a line. */
final class OutputCollector {
    private final StringBuffer text = new StringBuffer();
    private final Thread thread;

    OutputCollector(InputStream in, String name) {
        thread = new Thread(() -> copy(in), name + "-output");
        thread.setDaemon(true);
        thread.start();
    }

    String text() {
        return text.toString();
    }

    /** Waits until the output holds {@code line} as a whole line. */
    void awaitLine(String line, Duration limit) {
        Awaitility.await("the program prints '" + line + "'").atMost(limit).pollInterval(Duration.ofMillis(10))
                .until(() -> ("\n" + text).contains("\n" + line + "\n"));
    }

    /** Waits (bounded) for the stream to end, i.e. for the program to have written everything. */
    void join(Duration limit) throws InterruptedException {
        thread.join(limit.toMillis());
    }

    private void copy(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the program ended
        }
    }
}

package dev.paddock.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one request's round trip costs the machine, whatever the server: one byte sent over loopback TCP and echoed
 * by a child JVM pinned with {@code taskset -c}, back and forth, timed from this JVM. Pinned to another core than
 * the caller's, each direction wakes a thread on the other core (on a virtual machine that wakes a virtual CPU);
 * pinned to the caller's own cores, the two threads take turns on one. Machines differ most in the first, and the
 * pinned scenario's load generator pays it for every reply it waits for.
 */
final class LoopbackProbe {
    /** Round trips timed, after as many untimed ones. */
    static final int ROUND_TRIPS = 20_000;

    /** Percentiles of the round trips, in microseconds. */
    record RoundTrip(double p50Us, double p90Us, double p99Us, int count) {
        String describe() {
            return String.format("p50 %.1f / p90 %.1f / p99 %.1f us (%,d round trips)", p50Us, p90Us, p99Us, count);
        }
    }

    private LoopbackProbe() {
    }

    /** Times {@code n} round trips to an echo JVM started under {@code taskset -c cpus}. */
    static RoundTrip measure(String classpath, String cpus, int n) throws IOException {
        PinnedScenario.countCpus(cpus); // a malformed list fails here, not in taskset
        Process echo = new ProcessBuilder(List.of("taskset", "-c", cpus,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", classpath, LoopbackProbe.class.getName())).redirectErrorStream(true).start();
        try {
            int port = port(echo, cpus);
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                OutputStream o = s.getOutputStream();
                for (int i = 0; i < n; i++) { // untimed: the JIT and the connection settle
                    bounce(o, in);
                }
                long[] nanos = new long[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    bounce(o, in);
                    nanos[i] = System.nanoTime() - t0;
                }
                return of(nanos);
            }
        } finally {
            echo.destroyForcibly();
            try {
                echo.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The port the echo JVM printed: the first line that is a number (a JVM may warn before it). */
    private static int port(Process echo, String cpus) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(echo.getInputStream(), StandardCharsets.US_ASCII));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.trim().matches("\\d{1,5}")) {
                return Integer.parseInt(line.trim());
            }
            seen.append(line).append('\n');
        }
        throw new IOException("the echo JVM under taskset -c " + cpus + " did not start: " + seen.toString().trim());
    }

    private static void bounce(OutputStream out, InputStream in) throws IOException {
        out.write(1);
        if (in.read() < 0) {
            throw new IOException("the echo JVM closed the connection");
        }
    }

    /** Percentiles of round-trip times in nanoseconds (nearest rank). */
    static RoundTrip of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no round trips");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new RoundTrip(rank(sorted, 0.50) / 1e3, rank(sorted, 0.90) / 1e3, rank(sorted, 0.99) / 1e3, sorted.length);
    }

    private static long rank(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The echo side: prints its port, then echoes every byte of one connection until it closes. */
    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println(server.getLocalPort());
            System.out.flush();
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    out.write(b);
                }
            }
        }
    }
}

package dev.paddock.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for tests that must write a port into a config before a server binds it (ensemble lines, a KDC).
 * Where the kernel says which ports it gives to outgoing connections (Linux's ip_local_port_range), the ports come
 * from below that range: a port from inside it, free when picked, can become the local end of some connection
 * (a quorum peer dialling another, a client) before the server that was to listen on it starts, and the bind then
 * fails. Elsewhere they are ephemeral ports. A port is never handed out twice in one JVM, so two servers of one
 * config never get the same one.
 */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** The lowest port picked below the ephemeral range. */
    static final int LOWEST = 10_000;
    private static final int EPHEMERAL_LOW = ephemeralLow(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));

    private FreePorts() {
    }

    /** A port that was free a moment ago and that this JVM has not handed out before. */
    public static int next() {
        if (EPHEMERAL_LOW > LOWEST + 1000) {
            for (int attempt = 0; attempt < 1000; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, EPHEMERAL_LOW);
                if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port", e);
            }
        }
    }

    /** Whether a listener on every address could take {@code port} now (servers bind the wildcard or loopback). */
    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's range for outgoing connections, or 0 when it cannot be read. */
    static int ephemeralLow(Path rangeFile) {
        try {
            // Line by line: on some kernels (6.18) Files.readString gets only the first byte of a /proc/sys file
            String[] range = String.join(" ", Files.readAllLines(rangeFile)).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

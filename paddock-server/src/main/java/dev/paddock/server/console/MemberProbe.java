package dev.paddock.server.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Asks another ensemble member for its mode and last zxid with the {@code srvr} four-letter word on its client
 * port (the figures Paddock's quorum code does not carry per member), with short timeouts, off the I/O and core
 * threads.
 */
final class MemberProbe {
    static final int TIMEOUT_MS = 1_000;
    private static final int MAX_ANSWER = 16 * 1024;

    /** What a member said: its mode and zxid, or why they are unknown. */
    record Answer(String mode, Long zxid, String note) {
    }

    private MemberProbe() {
    }

    static CompletableFuture<Answer> srvr(String host, int port, Executor executor) {
        return CompletableFuture.supplyAsync(() -> ask(host, port), executor);
    }

    static Answer ask(String host, int port) {
        String text;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            s.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            text = readAll(s.getInputStream());
        } catch (IOException | RuntimeException e) {
            return new Answer(null, null, "srvr on " + host + ":" + port + " failed: " + e.getMessage());
        }
        return parse(text, host + ":" + port);
    }

    static Answer parse(String text, String where) {
        String mode = null;
        Long zxid = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("Mode: ")) {
                mode = line.substring(6).trim();
            } else if (line.startsWith("Zxid: ")) {
                try {
                    zxid = Long.parseUnsignedLong(line.substring(6).trim().replaceFirst("^0x", ""), 16);
                } catch (NumberFormatException e) {
                    zxid = null;
                }
            }
        }
        if (mode == null && zxid == null) {
            String first = text.isBlank() ? "no answer (srvr not whitelisted?)" : text.strip().split("\n")[0];
            return new Answer(null, null, "srvr on " + where + ": " + first);
        }
        return new Answer(mode, zxid, "from srvr on " + where);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while (out.size() < MAX_ANSWER && (n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

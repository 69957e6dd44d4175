package dev.paddock.faults.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Four-letter words over a plain socket, from the root namespace through the sandbox bridge. */
final class FourLetterWords {
    private FourLetterWords() {
    }

    /** The answer, or "" when the server does not answer within a second or two. */
    static String ask(String host, int port, String word) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The "Mode:" line of a srvr answer (leader, follower, observer, standalone), empty if none. */
    static Optional<String> mode(String srvr) {
        for (String line : srvr.split("\n")) {
            if (line.startsWith("Mode: ")) {
                return Optional.of(line.substring("Mode: ".length()).trim());
            }
        }
        return Optional.empty();
    }
}

package dev.paddock.server.quorum;

import dev.paddock.server.quorum.auth.AuthStep;
import dev.paddock.server.quorum.auth.LearnerAuthHandshake;
import dev.paddock.server.quorum.auth.QuorumAuthPacket;
import dev.paddock.server.quorum.auth.ServerAuthHandshake;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.FilterInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * Runs quorum SASL on a blocking quorum-port socket, before the first quorum packet: the learner authenticates
 * right after connecting (ZooKeeper's {@code Learner.connectToLeader}), the leader checks it before it reads
 * FOLLOWERINFO/OBSERVERINFO (ZooKeeper's {@code LearnerHandler}). The decisions are the handshakes'; this only moves
 * their packets.
 */
final class QuorumPortAuth {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QuorumPortAuth.class);
    /** The auth step refused the connection. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private QuorumPortAuth() {
    }

    /**
     * A stream that gives back bytes already read before reading on. Unlike {@code PushbackInputStream} it never
     * returns put-back bytes and reads the socket in the same call, so a read timeout there loses nothing.
     */
    static final class Prefixed extends FilterInputStream {
        private byte[] prefix = new byte[0];
        private int pos;

        Prefixed(InputStream in) {
            super(in);
        }

        void putBack(byte[] bytes, int n) {
            byte[] rest = java.util.Arrays.copyOfRange(prefix, pos, prefix.length);
            prefix = new byte[n + rest.length];
            System.arraycopy(bytes, 0, prefix, 0, n);
            System.arraycopy(rest, 0, prefix, n, rest.length);
            pos = 0;
        }

        @Override
        public int read() throws IOException {
            if (pos < prefix.length) {
                return prefix[pos++] & 0xff;
            }
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos < prefix.length) {
                int n = Math.min(len, prefix.length - pos);
                System.arraycopy(prefix, pos, b, off, n);
                pos += n;
                return n;
            }
            return super.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return prefix.length - pos + super.available();
        }
    }

    /**
     * The leader's side. Returns the stream to read quorum packets from: the bytes looked at to tell an auth
     * packet from FOLLOWERINFO are pushed back into it.
     *
     * @throws Refused when the learner may not join
     */
    static InputStream server(Socket s, InputStream raw, ServerAuthHandshake hs) throws IOException {
        Prefixed in = new Prefixed(raw);
        try {
            byte[] first = new byte[8];
            int n = 0;
            String ended = null;
            try {
                while (n < 8) {
                    int r = in.read(first, n, 8 - n);
                    if (r < 0) {
                        ended = "it hung up";
                        break;
                    }
                    n += r;
                }
            } catch (SocketTimeoutException e) {
                ended = "nothing received for " + s.getSoTimeout() + " ms";
            }
            in.putBack(first, n);
            AuthStep step = converse(ended != null ? hs.endedBeforeAuth(ended)
                    : hs.firstLong(ByteBuffer.wrap(first).getLong()), new DataInputStream(in), s.getOutputStream(),
                    hs::packet);
            if (!step.admitted()) {
                throw new Refused(step.detail());
            }
            LOG.info("Quorum port: learner at {}: {}", s.getRemoteSocketAddress(), step.detail());
            return in;
        } finally {
            hs.dispose();
        }
    }

    /** Sends each step's reply and feeds the peer's next packet to {@code next} until a step ends it. */
    private static AuthStep converse(AuthStep first, DataInputStream in, OutputStream out,
            java.util.function.Function<QuorumAuthPacket, AuthStep> next) throws IOException {
        AuthStep step = first;
        while (true) {
            if (step.reply() != null) {
                out.write(step.reply().encode());
                out.flush();
            }
            if (step.finished()) {
                return step;
            }
            step = next.apply(QuorumAuthPacket.read(in));
        }
    }

    /**
     * The learner's side; returns the handshake's last word ("authenticated to ...").
     *
     * @throws Refused when the leader refused us or SASL failed
     */
    static String learner(Socket s, LearnerAuthHandshake hs) throws IOException {
        try {
            AuthStep step = converse(hs.start(), new DataInputStream(s.getInputStream()), s.getOutputStream(),
                    hs::packet);
            if (!step.admitted()) {
                throw new Refused(step.detail());
            }
            return step.detail();
        } finally {
            hs.dispose();
        }
    }
}

package dev.paddock.server.quorum;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.function.IntSupplier;

/**
 * A socket's input that waits through the socket's own short timeouts until the current limit has passed with no
 * byte (a limit of 0 waits forever). A read already in progress keeps the SO_TIMEOUT it started with, so the limit is
 * kept here instead, where a change applies within one short timeout. Retrying below the buffered and data streams
 * never loses part of a field that was half read.
 */
final class PatientSocketInput extends InputStream {
    private final InputStream in;
    private final IntSupplier limitMs;
    private long lastByteNs = System.nanoTime();

    PatientSocketInput(InputStream in, IntSupplier limitMs) {
        this.in = in;
        this.limitMs = limitMs;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            try {
                int n = in.read(b, off, len);
                lastByteNs = System.nanoTime();
                return n;
            } catch (SocketTimeoutException e) {
                int limit = limitMs.getAsInt();
                if (limit > 0 && System.nanoTime() - lastByteNs >= limit * 1_000_000L) {
                    throw e;
                }
            }
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }
}

package dev.paddock.jute;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads jute fields from a byte array slice. Every length is checked against the bytes that remain, so a
 * garbage or truncated record fails with {@link JuteException} instead of allocating what it claims.
 */
public final class JuteInput {
    private final byte[] buf;
    private int pos;
    private final int limit;

    public JuteInput(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public JuteInput(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    public int remaining() {
        return limit - pos;
    }

    public int position() {
        return pos;
    }

    private void need(int n) {
        if (n < 0 || limit - pos < n) {
            throw new JuteException("record truncated: need " + n + " bytes, " + (limit - pos) + " left");
        }
    }

    public int readInt() {
        need(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long readLong() {
        return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
    }

    public boolean readBool() {
        need(1);
        return buf[pos++] != 0;
    }

    /** A length of -1 encodes null. */
    public String readString() {
        int len = readInt();
        if (len == -1) {
            return null;
        }
        if (len < 0) {
            throw new JuteException("negative string length " + len);
        }
        need(len);
        String s = len <= KNOWN_MAX ? known(len) : null;
        if (s == null) {
            s = new String(buf, pos, len, StandardCharsets.UTF_8);
        }
        pos += len;
        return s;
    }

    /** Strings most requests carry (the ids of ACL entries): decoded to one shared instance each. */
    private static final String[] KNOWN = {"world", "anyone", "digest", "auth", "ip", "super", "sasl", "x509"};
    private static final int KNOWN_MAX = 6;

    private String known(int len) {
        for (String k : KNOWN) {
            if (k.length() == len && matchesAscii(k)) {
                return k;
            }
        }
        return null;
    }

    private boolean matchesAscii(String k) {
        for (int i = 0; i < k.length(); i++) {
            if (buf[pos + i] != k.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A length of -1 encodes null. */
    public byte[] readBuffer() {
        int len = readInt();
        if (len == -1) {
            return null;
        }
        if (len < 0) {
            throw new JuteException("negative buffer length " + len);
        }
        need(len);
        byte[] b = new byte[len];
        System.arraycopy(buf, pos, b, 0, len);
        pos += len;
        return b;
    }

    /** A count of -1 encodes null. Each element takes at least one byte, which bounds the count. */
    public <T> List<T> readList(Function<JuteInput, T> element) {
        int n = readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > remaining()) {
            throw new JuteException("bad vector length " + n);
        }
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.apply(this));
        }
        return list;
    }
}

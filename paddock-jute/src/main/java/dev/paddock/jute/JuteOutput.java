package dev.paddock.jute;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/** Writes jute fields into a growable byte array. */
public final class JuteOutput {
    private byte[] buf;
    private int pos;

    public JuteOutput(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public JuteOutput() {
        this(256);
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    /** Forgets what was written, keeping the buffer. */
    public void reset() {
        pos = 0;
    }

    public int size() {
        return pos;
    }

    /** Overwrites an int already written at {@code offset} (used for length prefixes). */
    public void setInt(int offset, int v) {
        buf[offset] = (byte) (v >>> 24);
        buf[offset + 1] = (byte) (v >>> 16);
        buf[offset + 2] = (byte) (v >>> 8);
        buf[offset + 3] = (byte) v;
    }

    public void writeInt(int v) {
        ensure(4);
        setInt(pos, v);
        pos += 4;
    }

    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    public void writeBool(boolean v) {
        ensure(1);
        buf[pos++] = (byte) (v ? 1 : 0);
    }

    public void writeString(String s) {
        if (s == null) {
            writeInt(-1);
            return;
        }
        // ASCII (paths, schemes, ids) goes straight in, one byte a char, with no byte[] of its own
        int n = s.length();
        ensure(4 + n);
        int start = pos + 4;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                writeRaw(s.getBytes(StandardCharsets.UTF_8), true);
                return;
            }
            buf[start + i] = (byte) c;
        }
        setInt(pos, n);
        pos = start + n;
    }

    public void writeBuffer(byte[] b) {
        if (b == null) {
            writeInt(-1);
            return;
        }
        writeRaw(b, true);
    }

    /** Appends {@code b[off, off + len)} as they are (no length prefix). */
    public void writeBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /** Appends bytes with no length prefix unless {@code prefixed}. */
    public void writeRaw(byte[] b, boolean prefixed) {
        if (prefixed) {
            writeInt(b.length);
        }
        writeBytes(b, 0, b.length);
    }

    /**
     * A list of strings that writes its elements as jute strings itself (the data tree's child names, kept as
     * bytes, need no String each).
     */
    public interface StringList {
        void writeElements(JuteOutput out);
    }

    public <T> void writeList(List<T> list, BiConsumer<JuteOutput, T> element) {
        if (list == null) {
            writeInt(-1);
            return;
        }
        int n = list.size();
        writeInt(n);
        if (list instanceof StringList strings) {
            strings.writeElements(this);
            return;
        }
        if (list instanceof java.util.RandomAccess) {
            for (int i = 0; i < n; i++) {
                element.accept(this, list.get(i));
            }
        } else {
            for (T t : list) {
                element.accept(this, t);
            }
        }
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** The internal array; valid up to {@link #size()}. */
    public byte[] array() {
        return buf;
    }
}

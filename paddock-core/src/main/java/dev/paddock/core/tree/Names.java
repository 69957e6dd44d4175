package dev.paddock.core.tree;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Node names as the tree stores them: a byte[] of one byte a char when the name is all ASCII (the usual case,
 * 24 bytes less than a String), otherwise the String. Names are compared with, and hashed from, a segment of a
 * path without cutting the segment out. Hashes equal {@link String#hashCode()} of the name.
 */
final class Names {
    private Names() {
    }

    /** The stored form of {@code path.substring(from, to)}. */
    static Object of(String path, int from, int to) {
        byte[] ascii = new byte[to - from];
        for (int i = from; i < to; i++) {
            char c = path.charAt(i);
            if (c >= 0x80) {
                return path.substring(from, to);
            }
            ascii[i - from] = (byte) c;
        }
        return ascii;
    }

    static Object of(String name) {
        return of(name, 0, name.length());
    }

    static String toString(Object name) {
        return name instanceof byte[] ? new String((byte[]) name, StandardCharsets.ISO_8859_1) : (String) name;
    }

    /** {@code String.hashCode()} of the stored name. */
    static int hash(Object name) {
        if (name instanceof byte[]) {
            int h = 0;
            for (byte b : (byte[]) name) {
                h = 31 * h + b;
            }
            return h;
        }
        return name.hashCode();
    }

    /** {@code String.hashCode()} of {@code path.substring(from, to)}. */
    static int hash(String path, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + path.charAt(i);
        }
        return h;
    }

    /** Whether two stored names are one name (a name is stored as a byte[] exactly when it is all ASCII). */
    static boolean sameName(Object a, Object b) {
        if (a instanceof byte[] x) {
            return b instanceof byte[] y && Arrays.equals(x, y);
        }
        return a.equals(b);
    }

    /** Whether the stored name equals {@code path.substring(from, to)}. */
    static boolean matches(Object name, String path, int from, int to) {
        int len = to - from;
        if (name instanceof byte[]) {
            byte[] b = (byte[]) name;
            if (b.length != len || len > 0 && b[len - 1] != path.charAt(to - 1)) {
                return false; // the last character first: sequential names differ there
            }
            for (int i = 0; i < len - 1; i++) {
                if (b[i] != path.charAt(from + i)) {
                    return false;
                }
            }
            return true;
        }
        String s = (String) name;
        return s.length() == len && path.regionMatches(from, s, 0, len);
    }
}

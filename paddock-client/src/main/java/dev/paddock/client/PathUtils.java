package dev.paddock.client;

/** Client-side znode path checks, with the messages ZooKeeper's client gives. */
public final class PathUtils {
    private PathUtils() {
    }

    /** Checks a path that will get a sequence suffix appended by the server. */
    public static void validatePath(String path, boolean sequential) {
        validatePath(sequential && path != null ? path + "1" : path);
    }

    public static void validatePath(String path) {
        if (path == null) {
            throw new IllegalArgumentException("Path cannot be null");
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("Path length must be > 0");
        }
        if (path.charAt(0) != '/') {
            throw new IllegalArgumentException("Path must start with / character");
        }
        if (path.length() == 1) {
            return;
        }
        if (path.charAt(path.length() - 1) == '/') {
            throw new IllegalArgumentException("Path must not end with / character");
        }
        String reason = firstProblem(path);
        if (reason != null) {
            throw new IllegalArgumentException("Invalid path string \"" + path + "\" caused by " + reason);
        }
    }

    private static String firstProblem(String path) {
        int n = path.length();
        for (int i = 1; i < n; i++) {
            char prev = path.charAt(i - 1);
            char c = path.charAt(i);
            boolean endsSegment = i + 1 == n || path.charAt(i + 1) == '/';
            if (c == 0) {
                return "null character not allowed @" + i;
            }
            if (c == '/' && prev == '/') {
                return "empty node name specified @" + i;
            }
            if (c == '.' && prev == '.') {
                if (path.charAt(i - 2) == '/' && endsSegment) {
                    return "relative paths not allowed @" + i;
                }
            } else if (c == '.') {
                if (prev == '/' && endsSegment) {
                    return "relative paths not allowed @" + i;
                }
            } else if (isBadChar(c)) {
                return "invalid character @" + i;
            }
        }
        return null;
    }

    private static boolean isBadChar(char c) {
        return (c > 0 && c < 0x20) || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xf8ff) || c >= 0xfff0;
    }
}

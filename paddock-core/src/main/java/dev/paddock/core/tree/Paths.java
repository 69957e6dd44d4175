package dev.paddock.core.tree;

/** Znode path rules, as ZooKeeper's server applies them. */
public final class Paths {
    private Paths() {
    }

    /** Why {@code path} is not a valid znode path, or null when it is. */
    public static String invalidReason(String path) {
        if (path == null) {
            return "Path cannot be null";
        }
        if (path.isEmpty()) {
            return "Path length must be > 0";
        }
        if (path.charAt(0) != '/') {
            return "Path must start with / character";
        }
        if (path.length() == 1) {
            return null;
        }
        if (path.charAt(path.length() - 1) == '/') {
            return "Path must not end with / character";
        }
        char last = '/';
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            String reason = null;
            if (c == 0) {
                reason = "null character not allowed @" + i;
            } else if (c == '/' && last == '/') {
                reason = "empty node name specified @" + i;
            } else if (c == '.' && (last == '/' || (last == '.' && path.charAt(i - 2) == '/'))
                    && (i + 1 == path.length() || path.charAt(i + 1) == '/')) {
                reason = "relative paths not allowed @" + i;
            } else if ((c > '\u0000' && c <= '\u001f') || (c >= '\u007f' && c <= '\u009f')
                    || (c >= '\ud800' && c <= '\uf8ff') || c >= '\ufff0') {
                reason = "invalid character @" + i;
            }
            if (reason != null) {
                return "Invalid path string \"" + path + "\" caused by " + reason;
            }
            last = c;
        }
        return null;
    }

    /** The parent of an absolute path; "/" for a top-level node. Caller ensures the path has a slash. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /**
     * {@link #parent(String)} that keeps its last answer: requests in a row under one parent (a populate, a queue,
     * a lock's waiters) share the parent's String instead of cutting a new one each. For one thread.
     */
    public static final class Parents {
        private String last = "/";

        public String of(String path) {
            int slash = path.lastIndexOf('/');
            if (slash <= 0) {
                return "/";
            }
            String l = last;
            if (l.length() == slash && path.startsWith(l)) {
                return l;
            }
            last = path.substring(0, slash);
            return last;
        }
    }

    public static String childName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static String join(String parent, String child) {
        return parent.equals("/") ? "/" + child : parent + "/" + child;
    }
}

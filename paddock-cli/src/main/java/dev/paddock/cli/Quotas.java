package dev.paddock.cli;

import dev.paddock.client.Acls;
import dev.paddock.client.KeeperException;
import dev.paddock.client.PaddockClient;
import dev.paddock.jute.CreateMode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Quotas as ZooKeeper keeps them: for a znode {@code /p}, {@code /zookeeper/quota/p/zookeeper_limits} holds the
 * limits and {@code /zookeeper/quota/p/zookeeper_stats} the usage the server maintains, both as
 * {@code count=N,bytes=N[=;key=N...]} text.
 */
final class Quotas {
    static final String PROC = "/zookeeper";
    static final String ROOT = "/zookeeper/quota";
    static final String LIMITS = "zookeeper_limits";
    static final String STATS = "zookeeper_stats";

    private Quotas() {
    }

    static String quotaPath(String path) {
        return ROOT + path;
    }

    static String limitPath(String path) {
        return ROOT + path + "/" + LIMITS;
    }

    static String statPath(String path) {
        return ROOT + path + "/" + STATS;
    }

    /** The limits or usage of one quota node. Absent values read as -1. */
    static final class Track {
        static final String COUNT = "count";
        static final String BYTES = "bytes";
        static final String COUNT_HARD = "countHardLimit";
        static final String BYTES_HARD = "byteHardLimit";
        private static final Pattern SEP = Pattern.compile("[,;]+");
        final Map<String, Long> values = new HashMap<>();

        Track() {
        }

        Track(byte[] data) {
            String s = data == null ? "" : new String(data, StandardCharsets.UTF_8);
            if (s.isEmpty()) {
                return;
            }
            for (String pair : SEP.split(s)) {
                String[] kv = pair.split("=");
                values.put(kv[0], Long.parseLong(kv.length < 2 || kv[1].isEmpty() ? "-1" : kv[1]));
            }
        }

        long get(String k) {
            Long v = values.get(k);
            return v == null ? -1 : v;
        }

        void set(String k, long v) {
            values.put(k, v);
        }

        @Override
        public String toString() {
            List<String> keys = new ArrayList<>(values.keySet());
            keys.remove(COUNT);
            keys.remove(BYTES);
            StringBuilder sb = new StringBuilder();
            sb.append(COUNT).append('=').append(get(COUNT)).append(',').append(BYTES).append('=').append(get(BYTES));
            if (!keys.isEmpty()) {
                sb.append('=');
                Collections.sort(keys);
                for (String k : keys) {
                    sb.append(';').append(k).append('=').append(values.get(k));
                }
            }
            return sb.toString();
        }

        byte[] bytes() {
            return toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Creates or updates the quota of {@code path}; throws IllegalArgumentException for a refused path. */
    static void create(PaddockClient zk, String path, Track quota, PrintStream out)
            throws KeeperException, InterruptedException {
        if (zk.exists(path, false) == null) {
            throw new IllegalArgumentException(path + " does not exist.");
        }
        checkNoChildQuota(zk, path);
        checkNoParentQuota(zk, path);
        if (zk.exists(ROOT, false) == null) {
            try {
                zk.create(PROC, null, Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                zk.create(ROOT, null, Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                // fine
            }
        }
        String[] parts = path.split("/");
        StringBuilder sb = new StringBuilder(ROOT);
        String qp = ROOT;
        for (int i = 1; i < parts.length; i++) {
            sb.append('/').append(parts[i]);
            qp = sb.toString();
            if (zk.exists(qp, false) == null) {
                try {
                    zk.create(qp, null, Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                } catch (KeeperException.NodeExistsException e) {
                    // fine
                }
            }
        }
        String statNode = qp + "/" + STATS;
        String limitNode = qp + "/" + LIMITS;
        if (zk.exists(limitNode, false) == null) {
            zk.create(limitNode, quota.bytes(), Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Track stats = new Track();
            stats.set(Track.COUNT, 0);
            stats.set(Track.BYTES, 0);
            zk.create(statNode, stats.bytes(), Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            warnIfBelowUsage(new Track(zk.getData(limitNode, false).data()),
                    new Track(zk.getData(statNode, false).data()), out);
        } else {
            Track existing = new Track(zk.getData(limitNode, false).data());
            for (String k : List.of(Track.COUNT, Track.BYTES, Track.COUNT_HARD, Track.BYTES_HARD)) {
                if (quota.get(k) > -1) {
                    existing.set(k, quota.get(k));
                }
            }
            warnIfBelowUsage(existing, new Track(zk.getData(statNode, false).data()), out);
            zk.setData(limitNode, existing.bytes(), -1);
        }
    }

    private static void warnIfBelowUsage(Track q, Track s, PrintStream out) {
        long count = s.get(Track.COUNT);
        long bytes = s.get(Track.BYTES);
        if ((q.get(Track.COUNT) > -1 && q.get(Track.COUNT) < count)
                || (q.get(Track.COUNT_HARD) > -1 && q.get(Track.COUNT_HARD) < count)) {
            out.println("[Warning]: the count quota you create is less than the existing count:" + count);
        }
        if ((q.get(Track.BYTES) > -1 && q.get(Track.BYTES) < bytes)
                || (q.get(Track.BYTES_HARD) > -1 && q.get(Track.BYTES_HARD) < bytes)) {
            out.println("[Warning]: the bytes quota you create is less than the existing bytes:" + bytes);
        }
    }

    private static void checkNoChildQuota(PaddockClient zk, String path) throws KeeperException,
            InterruptedException {
        String real = quotaPath(path);
        try {
            walk(zk, real, real, path);
        } catch (KeeperException.NoNodeException e) {
            // no quota under the path
        }
    }

    private static void walk(PaddockClient zk, String node, String top, String path)
            throws KeeperException, InterruptedException {
        List<String> children;
        try {
            children = zk.getChildren(node, false);
        } catch (KeeperException.NoNodeException e) {
            if (node.equals(top)) {
                throw e;
            }
            return;
        }
        Collections.sort(children);
        for (String c : children) {
            if (!node.equals(top) && LIMITS.equals(c)) {
                throw new IllegalArgumentException(path + " has a child " + node.substring(ROOT.length())
                        + " which has a quota");
            }
        }
        for (String c : children) {
            walk(zk, node + "/" + c, top, path);
        }
    }

    private static void checkNoParentQuota(PaddockClient zk, String path) throws KeeperException,
            InterruptedException {
        String[] parts = path.split("/");
        StringBuilder sb = new StringBuilder(ROOT);
        for (int i = 1; i < parts.length - 1; i++) {
            sb.append('/').append(parts[i]);
            String qp = sb.toString();
            List<String> children;
            try {
                children = zk.getChildren(qp, false);
            } catch (KeeperException.NoNodeException e) {
                return;
            }
            if (children.isEmpty()) {
                return;
            }
            for (String c : children) {
                if (!qp.equals(quotaPath(path)) && LIMITS.equals(c)) {
                    throw new IllegalArgumentException(path + " has a parent " + qp.substring(ROOT.length())
                            + " which has a quota");
                }
            }
        }
    }

    /** Deletes the whole quota ({@code which} null) or clears some of its limits. */
    static void delete(PaddockClient zk, String path, Track which, PrintStream out)
            throws KeeperException, InterruptedException {
        String parent = quotaPath(path);
        String limitNode = limitPath(path);
        if (zk.exists(limitNode, false) == null) {
            out.println("Quota does not exist for " + path);
            return;
        }
        Track current = new Track(zk.getData(limitNode, false).data());
        if (which == null) {
            for (String c : zk.getChildren(parent, false)) {
                zk.delete(parent + "/" + c, -1);
            }
            trim(zk, parent);
        } else {
            for (String k : List.of(Track.COUNT, Track.BYTES, Track.COUNT_HARD, Track.BYTES_HARD)) {
                if (which.get(k) > 0) {
                    current.set(k, -1);
                }
            }
            zk.setData(limitNode, current.bytes(), -1);
        }
    }

    private static void trim(PaddockClient zk, String path) throws KeeperException, InterruptedException {
        String p = path;
        while (!ROOT.equals(p) && zk.getChildren(p, false).isEmpty()) {
            zk.delete(p, -1);
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }
}

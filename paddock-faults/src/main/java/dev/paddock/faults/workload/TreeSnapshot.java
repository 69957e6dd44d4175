package dev.paddock.faults.workload;

import dev.paddock.client.PaddockClient;
import dev.paddock.client.Results.NodeData;
import dev.paddock.jute.data.Stat;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every znode one server holds (except the {@code /zookeeper} subtree, which is the server's own), read through
 * one session, in path order. Reads are pipelined a batch at a time so a tree of tens of thousands of set items
 * reads in seconds.
 */
final class TreeSnapshot {
    private static final int BATCH = 512;

    /** A znode's data and Stat. */
    record Node(byte[] data, Stat stat) {
    }

    private final Map<String, Node> nodes;

    private TreeSnapshot(Map<String, Node> nodes) {
        this.nodes = nodes;
    }

    Map<String, Node> nodes() {
        return nodes;
    }

    /** Reads the whole tree; fails if the deadline ({@link System#nanoTime()}) passes first. */
    static TreeSnapshot read(PaddockClient c, long deadlineNanos) throws Exception {
        Map<String, Node> out = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add("/");
        while (!todo.isEmpty()) {
            List<String> batch = new ArrayList<>();
            while (!todo.isEmpty() && batch.size() < BATCH) {
                batch.add(todo.poll());
            }
            List<CompletableFuture<NodeData>> data = new ArrayList<>();
            List<CompletableFuture<List<String>>> kids = new ArrayList<>();
            for (String p : batch) {
                data.add(c.getDataAsync(p, false));
                kids.add(c.getChildrenAsync(p, false));
            }
            for (int i = 0; i < batch.size(); i++) {
                String p = batch.get(i);
                NodeData d = get(data.get(i), deadlineNanos);
                out.put(p, new Node(d.data() == null ? new byte[0] : d.data(), d.stat()));
                List<String> children = new ArrayList<>(get(kids.get(i), deadlineNanos));
                Collections.sort(children);
                for (String child : children) {
                    String cp = p.equals("/") ? "/" + child : p + "/" + child;
                    if (!cp.equals("/zookeeper")) {
                        todo.add(cp);
                    }
                }
            }
        }
        return new TreeSnapshot(out);
    }

    static <T> T get(CompletableFuture<T> f, long deadlineNanos) throws Exception {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException("deadline passed");
        }
        try {
            return f.get(left, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable t = Outcomes.unwrap(e);
            throw t instanceof Exception ex ? ex : e;
        }
    }

    /**
     * SHA-256 over the sorted nodes' path, data, version, cversion, aversion, ephemeralOwner, czxid, mzxid, pzxid
     * and numChildren: what every replica must agree on. Times are left out (they are the leader's clock, but a
     * restored snapshot and a replayed log need not agree to the millisecond on every implementation).
     */
    String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataOutputStream o = new DataOutputStream(buf);
            for (Map.Entry<String, Node> e : nodes.entrySet()) {
                Stat s = e.getValue().stat();
                buf.reset();
                o.writeUTF(e.getKey());
                o.writeInt(e.getValue().data().length);
                o.write(e.getValue().data());
                o.writeInt(s.version());
                o.writeInt(s.cversion());
                o.writeInt(s.aversion());
                o.writeLong(s.ephemeralOwner());
                o.writeLong(s.czxid());
                o.writeLong(s.mzxid());
                o.writeLong(s.pzxid());
                o.writeInt(s.numChildren());
                o.flush();
                md.update(buf.toByteArray());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The direct children of {@code parent}, name → node. */
    Map<String, Node> children(String parent) {
        Map<String, Node> out = new TreeMap<>();
        String prefix = parent + "/";
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            String p = e.getKey();
            if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0) {
                out.put(p.substring(prefix.length()), e.getValue());
            }
        }
        return out;
    }
}

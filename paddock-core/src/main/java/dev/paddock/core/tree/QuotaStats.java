package dev.paddock.core.tree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text ZooKeeper keeps in quota nodes: "count=N,bytes=M", then (after an extra "=") any other keys as
 * ";key=value" in sorted order. A missing count or bytes reads as -1.
 */
final class QuotaStats {
    private static final Pattern PAIRS = Pattern.compile("[,;]+");
    private final Map<String, Long> stats = new HashMap<>();

    QuotaStats(byte[] data) {
        String s = data == null ? "" : new String(data, StandardCharsets.UTF_8);
        if (s.isEmpty()) {
            return;
        }
        for (String pair : PAIRS.split(s)) {
            String[] kv = pair.split("=");
            if (kv.length >= 1 && !kv[0].isEmpty()) {
                try {
                    stats.put(kv[0], kv.length < 2 || kv[1].isEmpty() ? -1 : Long.parseLong(kv[1]));
                } catch (NumberFormatException e) {
                    // a malformed value is left out, as if absent
                }
            }
        }
    }

    QuotaStats(long count, long bytes) {
        stats.put("count", count);
        stats.put("bytes", bytes);
    }

    long get(String key) {
        Long v = stats.get(key);
        return v == null ? -1 : v;
    }

    void add(long countDiff, long bytesDiff) {
        stats.put("count", get("count") + countDiff);
        stats.put("bytes", get("bytes") + bytesDiff);
    }

    byte[] bytes() {
        StringBuilder sb = new StringBuilder("count=").append(get("count")).append(",bytes=").append(get("bytes"));
        List<String> keys = new ArrayList<>(stats.keySet());
        keys.remove("count");
        keys.remove("bytes");
        if (!keys.isEmpty()) {
            sb.append('=');
            Collections.sort(keys);
            for (String k : keys) {
                sb.append(';').append(k).append('=').append(stats.get(k));
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}

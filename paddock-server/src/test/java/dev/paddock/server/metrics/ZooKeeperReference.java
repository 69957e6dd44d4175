package dev.paddock.server.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Apache ZooKeeper 3.9.3 printed (standalone, a short workload of creates, reads, watches, a multi and a
 * delete): its mntr with the default metrics provider and its /metrics with the Prometheus provider, kept as test
 * resources. Parsing helpers for both.
 */
final class ZooKeeperReference {
    private ZooKeeperReference() {
    }

    static String resource(String name) {
        try (InputStream in = ZooKeeperReference.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** mntr's keys (with zk_) in order. */
    static List<String> mntrKeys() {
        List<String> keys = new ArrayList<>();
        for (String line : resource("zookeeper-3.9.3-mntr.txt").split("\n")) {
            keys.add(line.substring(0, line.indexOf('\t')));
        }
        return keys;
    }

    /** The "# TYPE name type" lines of an exposition: name → type, in order. */
    static Map<String, String> types(String exposition) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] w = line.split(" ");
                types.put(w[2], w[3]);
            }
        }
        return types;
    }

    /** The sample lines: "name{labels}" (as written, labels with the client's trailing comma) → value. */
    static Map<String, Double> samples(String exposition) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    /** A JVM metric (simpleclient_hotspot's), not ZooKeeper's own jvm_pause_time_ms. */
    static boolean jvm(String name) {
        return (name.startsWith("jvm_") || name.startsWith("process_")) && !name.startsWith("jvm_pause_time_ms");
    }
}

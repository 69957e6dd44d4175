package dev.paddock.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Admin-command JSON made comparable across two servers, then compared field by field.
 *
 * <p>{@link #canonical} rewrites one server's answer: object keys sorted; arrays sorted (ZooKeeper's order comes
 * from hash maps); numbers become {@code <int>} or {@code <decimal>} (so the JSON type still counts) unless the key
 * is one whose value the same workload fixes (node counts, watch counts, settings); strings and booleans stay,
 * except values known to be volatile (addresses, paths, versions); session ids become {@code session1}/
 * {@code session2} wherever they appear, as value or as key; the side's own data dir and client port become
 * {@code <dataDir>} and {@code <clientPort>}. {@link #diff} then lists every difference by JSON path.
 */
public final class AdminJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Numbers the shared workload and shared settings fix: compared exactly. */
    private static final Set<String> EXACT_NUMBERS = Set.of("node_count", "znode_count", "ephemerals_count",
        "watch_count", "num_alive_connections", "num_alive_client_connections", "num_connections", "num_paths",
        "num_total_watches", "outstanding_requests", "synced_observers", "session_timeout", "tick_time",
        "max_client_cnxns", "min_session_timeout", "max_session_timeout", "server_id", "client_port_listen_backlog",
        "tracemask", "global_sessions", "local_sessions", "approximate_data_size", "client_port", "leader_id",
        "zab_epoch", "synced_followers", "synced_non_voting_followers", "learners");

    /** Strings whose value is the host's, the run's or the build's: only their type is compared. */
    private static final Set<String> VOLATILE_STRINGS = Set.of("initial_configuration", "zxid", "os.memory.free",
        "os.memory.max", "os.memory.total", "last_operation");

    /** Objects whose keys carry no meaning of their own (expiry buckets): keys become {@code <key>}, lists merge. */
    private static final Set<String> MERGED_KEYS = Set.of("expiry_time_to_session_ids");

    /** A loopback or wildcard address with a port (ensemble members' quorum, election and client addresses). */
    private static final java.util.regex.Pattern LOOPBACK_ADDRESS =
        java.util.regex.Pattern.compile("/?(127\\.0\\.0\\.1|0\\.0\\.0\\.0):\\d+");

    /**
     * Objects whose key order means nothing in ZooKeeper: maps it fills from hash maps, and Java beans Jackson writes
     * in reflection order, which differs between ZooKeeper JVMs (server_stats came in three orders in three runs).
     */
    private static final Set<String> UNORDERED = Set.of("path_to_session_ids", "session_id_to_watched_paths",
        "session_id_to_ephemeral_paths", "expiry_time_to_session_ids", "server_stats", "client_response_stats",
        "client_response", "proposal_stats", "quorum_address", "election_address");

    private AdminJson() {
    }

    /** What is particular to one server, so that it can be normalized away. */
    public record Side(String name, List<Long> sessionIds, String dataDir, int clientPort) {
        String sessionName(String text) {
            for (int i = 0; i < sessionIds.size(); i++) {
                if (Long.toString(sessionIds.get(i)).equals(text)) {
                    return "session" + (i + 1);
                }
            }
            return null;
        }
    }

    public static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    static JsonNode canonical(JsonNode node, Side side) {
        return canonical(node, side, "");
    }

    private static JsonNode canonical(JsonNode node, Side side, String key) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            boolean merge = MERGED_KEYS.contains(key);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String session = side.sessionName(e.getKey());
                String k = merge ? "<key>" : session != null ? session : e.getKey();
                JsonNode v = canonical(e.getValue(), side, e.getKey());
                JsonNode prev = sorted.get(k);
                sorted.put(k, prev != null && prev.isArray() && v.isArray() ? concat(prev, v) : v);
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(n -> items.add(canonical(n, side, key)));
            return sortedArray(items);
        }
        if (node.isNumber()) {
            String session = side.sessionName(node.asText());
            if (session != null) {
                return TextNode.valueOf(session);
            }
            if (key.equals("client_port") && node.asInt() == side.clientPort()) {
                return TextNode.valueOf("<clientPort>");
            }
            if (EXACT_NUMBERS.contains(key)) {
                return node;
            }
            return TextNode.valueOf(node.isIntegralNumber() ? "<int>" : "<decimal>");
        }
        if (node.isTextual()) {
            return TextNode.valueOf(text(node.asText(), side, key));
        }
        return node;
    }

    private static String text(String value, Side side, String key) {
        if (VOLATILE_STRINGS.contains(key)) {
            return "<string>";
        }
        if (key.equals("version") || key.equals("zookeeper.version")) {
            return value.startsWith("3.9.3") ? "<3.9.3 version>" : value;
        }
        if (key.equals("remote_socket_address") || LOOPBACK_ADDRESS.matcher(value).matches()) {
            return value.replaceAll(":\\d+$", ":<port>");
        }
        String session = side.sessionName(value);
        if (session != null) {
            return session;
        }
        return side.dataDir() != null ? value.replace(side.dataDir(), "<dataDir>") : value;
    }

    private static JsonNode concat(JsonNode a, JsonNode b) {
        List<JsonNode> items = new ArrayList<>();
        a.forEach(items::add);
        b.forEach(items::add);
        return sortedArray(items);
    }

    private static ArrayNode sortedArray(List<JsonNode> items) {
        items.sort(Comparator.comparing(JsonNode::toString));
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        items.forEach(out::add);
        return out;
    }

    /** Every difference between two canonical documents, as "path: ZooKeeper x, Paddock y" lines. */
    static List<String> diff(JsonNode zk, JsonNode paddock) {
        List<String> out = new ArrayList<>();
        diff("$", zk, paddock, out);
        return out;
    }

    private static void diff(String path, JsonNode zk, JsonNode pd, List<String> out) {
        if (zk.isObject() && pd.isObject()) {
            Set<String> keys = new java.util.TreeSet<>();
            zk.fieldNames().forEachRemaining(keys::add);
            pd.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                String p = path + "." + k;
                if (!pd.has(k)) {
                    out.add(p + ": missing in Paddock (ZooKeeper " + brief(zk.get(k)) + ")");
                } else if (!zk.has(k)) {
                    out.add(p + ": not in ZooKeeper (Paddock " + brief(pd.get(k)) + ")");
                } else {
                    diff(p, zk.get(k), pd.get(k), out);
                }
            }
        } else if (zk.isArray() && pd.isArray() && zk.size() == pd.size()) {
            for (int i = 0; i < zk.size(); i++) {
                diff(path + "[" + i + "]", zk.get(i), pd.get(i), out);
            }
        } else if (!zk.equals(pd)) {
            out.add(path + ": ZooKeeper " + brief(zk) + ", Paddock " + brief(pd));
        }
    }

    private static String brief(JsonNode n) {
        String s = n.toString();
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    /**
     * Where the two raw answers list the same keys of an object in another order (objects whose key sets differ,
     * such as maps keyed by session id, are left to {@link #diff}; {@link #UNORDERED} ones are not checked). Arrays
     * are not reordered: their elements are visited pairwise when both have the same length.
     */
    public static List<String> keyOrderDifferences(String zkBody, String paddockBody) {
        List<String> out = new ArrayList<>();
        keyOrder("$", parse(zkBody), parse(paddockBody), out);
        return out;
    }

    private static void keyOrder(String path, JsonNode zk, JsonNode pd, List<String> out) {
        if (zk.isObject() && pd.isObject()) {
            List<String> zkKeys = new ArrayList<>();
            List<String> pdKeys = new ArrayList<>();
            zk.fieldNames().forEachRemaining(zkKeys::add);
            pd.fieldNames().forEachRemaining(pdKeys::add);
            if (new java.util.HashSet<>(zkKeys).equals(new java.util.HashSet<>(pdKeys))) {
                String key = path.substring(path.lastIndexOf('.') + 1);
                if (!zkKeys.equals(pdKeys) && !UNORDERED.contains(key)) {
                    out.add(path + ": key order ZooKeeper " + zkKeys + ", Paddock " + pdKeys);
                }
                for (String k : zkKeys) {
                    keyOrder(path + "." + k, zk.get(k), pd.get(k), out);
                }
            }
        } else if (zk.isArray() && pd.isArray() && zk.size() == pd.size()) {
            for (int i = 0; i < zk.size(); i++) {
                keyOrder(path + "[" + i + "]", zk.get(i), pd.get(i), out);
            }
        }
    }

    /** Applies {@code f} to the canonical forms of both answers and diffs them. */
    public static List<String> compare(String zkBody, Side zk, String paddockBody, Side paddock,
                                UnaryOperator<JsonNode> f) {
        return diff(f.apply(canonical(parse(zkBody), zk)), f.apply(canonical(parse(paddockBody), paddock)));
    }
}

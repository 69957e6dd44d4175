package dev.paddock.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paddock.core.tree.Paths;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.data.Stat;
import dev.paddock.jute.proto.Create2Response;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.CreateTTLRequest;
import dev.paddock.jute.proto.DeleteRequest;
import dev.paddock.jute.proto.ExistsRequest;
import dev.paddock.jute.proto.ExistsResponse;
import dev.paddock.jute.proto.GetACLRequest;
import dev.paddock.jute.proto.GetACLResponse;
import dev.paddock.jute.proto.GetChildren2Request;
import dev.paddock.jute.proto.GetChildren2Response;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.SetDataRequest;
import dev.paddock.jute.proto.SetDataResponse;
import dev.paddock.server.console.ConsoleSession.Reply;
import dev.paddock.server.http.HttpCall;
import dev.paddock.server.http.HttpReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The tree part of the console API, each call made as the caller's session: read a node (data with a data
 * watch, ACL, Stat), list children (with a child watch; each child's Stat from exists), create, set data with a
 * version, delete with a version. The core answers with ZooKeeper's error codes; they map to HTTP statuses
 * (NoNode 404, NoAuth 403, BadVersion/NodeExists/NotEmpty 409, bad arguments 400).
 */
final class TreeApi {
    /** Children whose Stat is looked up for the tree (more are listed by name only). */
    static final int STAT_LIMIT = 500;
    private static final List<ACL> OPEN = List.of(new ACL(Perms.ALL, new Id("world", "anyone")));
    private static final List<ACL> CREATOR = List.of(new ACL(Perms.ALL, new Id("auth", "")));
    private static final List<ACL> READ = List.of(new ACL(Perms.READ, new Id("world", "anyone")));

    private final int maxDataBytes;
    private final boolean ttlEnabled;

    TreeApi(int maxDataBytes, boolean ttlEnabled) {
        this.maxDataBytes = maxDataBytes;
        this.ttlEnabled = ttlEnabled;
    }

    /** GET node?path=: data (with a data watch), Stat and ACL. */
    CompletableFuture<HttpReply> node(ConsoleSession s, HttpCall call) {
        String path = path(call.param("path"));
        long now = ConsoleSessions.now();
        CompletableFuture<Reply> data = s.call(OpCode.GET_DATA, new GetDataRequest(path, true), now);
        CompletableFuture<Reply> acl = s.call(OpCode.GET_ACL, new GetACLRequest(path), now);
        return data.thenCombine(acl, (d, a) -> {
            check(d, path);
            GetDataResponse r = (GetDataResponse) d.body();
            ObjectNode o = ConsoleJson.object();
            o.put("path", path);
            o.set("stat", ConsoleJson.stat(r.stat()));
            o.set("data", ConsoleJson.data(r.data()));
            if (a.err() == 0) {
                o.set("acl", ConsoleJson.acl(((GetACLResponse) a.body()).acl()));
            } else {
                o.put("aclError", errorName(a.err()));
            }
            return ConsoleJson.ok(o);
        });
    }

    /** GET children?path=: the names (sorted, with a child watch) and each child's Stat. */
    CompletableFuture<HttpReply> children(ConsoleSession s, HttpCall call) {
        String path = path(call.param("path"));
        long now = ConsoleSessions.now();
        return s.call(OpCode.GET_CHILDREN2, new GetChildren2Request(path, true), now).thenCompose(r -> {
            check(r, path);
            GetChildren2Response c = (GetChildren2Response) r.body();
            List<String> names = new ArrayList<>(c.children());
            names.sort(null);
            List<CompletableFuture<Reply>> stats = new ArrayList<>();
            for (int i = 0; i < Math.min(names.size(), STAT_LIMIT); i++) {
                stats.add(s.call(OpCode.EXISTS, new ExistsRequest(Paths.join(path, names.get(i)), false), now));
            }
            return CompletableFuture.allOf(stats.toArray(CompletableFuture[]::new)).thenApply(x -> {
                ObjectNode o = ConsoleJson.object();
                o.put("path", path);
                o.set("stat", ConsoleJson.stat(c.stat()));
                ArrayNode list = o.putArray("children");
                for (int i = 0; i < names.size(); i++) {
                    ObjectNode e = list.addObject();
                    e.put("name", names.get(i));
                    e.put("path", Paths.join(path, names.get(i)));
                    Reply x2 = i < stats.size() ? stats.get(i).join() : null;
                    if (x2 != null && x2.err() == 0) {
                        Stat st = ((ExistsResponse) x2.body()).stat();
                        e.put("numChildren", st.numChildren());
                        e.put("ephemeral", st.ephemeralOwner() != 0);
                        e.put("dataLength", st.dataLength());
                    }
                }
                o.put("statsTruncated", names.size() > STAT_LIMIT);
                return ConsoleJson.ok(o);
            });
        });
    }

    /**
     * POST node {path, data, encoding, mode, ttl, acl}: mode is persistent, persistent_sequential, container,
     * ttl or ttl_sequential; acl is "open", "creator", "read" or a list of {scheme, id, perms}.
     */
    CompletableFuture<HttpReply> create(ConsoleSession s, JsonNode body) {
        String path = path(text(body, "path", null));
        byte[] data = data(body);
        String modeName = text(body, "mode", "persistent");
        CreateMode mode = switch (modeName) {
            case "persistent" -> CreateMode.PERSISTENT;
            case "persistent_sequential" -> CreateMode.PERSISTENT_SEQUENTIAL;
            case "container" -> CreateMode.CONTAINER;
            case "ttl" -> CreateMode.PERSISTENT_WITH_TTL;
            case "ttl_sequential" -> CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL;
            default -> throw ApiError.badRequest("mode must be persistent, persistent_sequential, container, ttl or"
                    + " ttl_sequential (the console creates no ephemeral nodes): " + modeName);
        };
        List<ACL> acl = acl(body.get("acl"));
        long now = ConsoleSessions.now();
        CompletableFuture<Reply> reply;
        if (mode.isTtl()) {
            if (!ttlEnabled) {
                throw ApiError.badRequest("TTL nodes are disabled on this server (extendedTypesEnabled)");
            }
            JsonNode ttl = body.get("ttl");
            if (ttl == null || !ttl.canConvertToLong() || ttl.asLong() <= 0) {
                throw ApiError.badRequest("a TTL node needs \"ttl\": a positive number of milliseconds");
            }
            reply = s.call(OpCode.CREATE_TTL, new CreateTTLRequest(path, data, acl, mode.flag, ttl.asLong()), now);
        } else {
            OpCode op = mode.isContainer() ? OpCode.CREATE_CONTAINER : OpCode.CREATE2;
            reply = s.call(op, new CreateRequest(path, data, acl, mode.flag), now);
        }
        return reply.thenApply(r -> {
            check(r, path);
            Create2Response c = (Create2Response) r.body();
            ObjectNode o = ConsoleJson.object();
            o.put("path", c.path());
            o.set("stat", ConsoleJson.stat(c.stat()));
            return ConsoleJson.reply(201, o);
        });
    }

    /** PUT node {path, data, encoding, version}: setData; a version that no longer matches is a 409 conflict. */
    CompletableFuture<HttpReply> update(ConsoleSession s, JsonNode body) {
        String path = path(text(body, "path", null));
        byte[] data = data(body);
        int version = version(body.get("version") == null ? null : body.get("version").asText());
        long now = ConsoleSessions.now();
        return s.call(OpCode.SET_DATA, new SetDataRequest(path, data, version), now)
                .thenCompose(r -> r.err() == ErrorCode.BADVERSION.code ? conflict(s, path, version)
                        : CompletableFuture.completedFuture(r))
                .thenApply(r -> {
                    check(r, path);
                    ObjectNode o = ConsoleJson.object();
                    o.put("path", path);
                    o.set("stat", ConsoleJson.stat(((SetDataResponse) r.body()).stat()));
                    return ConsoleJson.ok(o);
                });
    }

    /** DELETE node?path=&version=: a version that no longer matches is a 409 conflict. */
    CompletableFuture<HttpReply> delete(ConsoleSession s, HttpCall call) {
        String path = path(call.param("path"));
        if (path.equals("/")) {
            throw ApiError.badRequest("the root cannot be deleted");
        }
        int version = version(call.param("version"));
        long now = ConsoleSessions.now();
        return s.call(OpCode.DELETE, new DeleteRequest(path, version), now)
                .thenCompose(r -> r.err() == ErrorCode.BADVERSION.code ? conflict(s, path, version)
                        : CompletableFuture.completedFuture(r))
                .thenApply(r -> {
                    check(r, path);
                    ObjectNode o = ConsoleJson.object();
                    o.put("deleted", path);
                    return ConsoleJson.ok(o);
                });
    }

    /** The version check failed: answer 409 with the version the node has now. */
    private static CompletableFuture<Reply> conflict(ConsoleSession s, String path, int expected) {
        return s.call(OpCode.EXISTS, new ExistsRequest(path, false), ConsoleSessions.now()).thenApply(e -> {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("path", path);
            extra.put("expectedVersion", expected);
            String now = "";
            if (e.err() == 0) {
                int current = ((ExistsResponse) e.body()).stat().version();
                extra.put("currentVersion", current);
                now = "; it is now at version " + current;
            }
            throw new ApiError(409, "BadVersion", "Conflict: " + path + " was changed by someone else (expected"
                    + " version " + expected + now + "). Reload it to see the change, then edit again.", extra);
        });
    }

    // ---------------------------------------------------------------- input checks

    static String path(String path) {
        if (path == null) {
            throw ApiError.badRequest("a path is required (path=/...)");
        }
        String why = Paths.invalidReason(path);
        if (why != null) {
            throw new ApiError(400, "BadPath", why);
        }
        return path;
    }

    static int version(String v) {
        if (v == null || v.isBlank()) {
            throw ApiError.badRequest("a version is required (-1 skips the version check)");
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < -1) {
                throw ApiError.badRequest("version must be -1 or more: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("version is not a number: " + v);
        }
    }

    private static String text(JsonNode body, String field, String dflt) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (dflt == null) {
                throw ApiError.badRequest("\"" + field + "\" is required");
            }
            return dflt;
        }
        if (!n.isTextual()) {
            throw ApiError.badRequest("\"" + field + "\" must be a string");
        }
        return n.asText();
    }

    /** The node data in the body: "data" as text (UTF-8), base64 or hex per "encoding". */
    private byte[] data(JsonNode body) {
        String text = text(body, "data", "");
        String encoding = text(body, "encoding", "text");
        byte[] d;
        try {
            d = switch (encoding) {
                case "text" -> text.getBytes(StandardCharsets.UTF_8);
                case "base64" -> Base64.getDecoder().decode(text.trim());
                case "hex" -> HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
                default -> throw ApiError.badRequest("encoding must be text, base64 or hex: " + encoding);
            };
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("data is not valid " + encoding + ": " + e.getMessage());
        }
        if (d.length > maxDataBytes) {
            throw new ApiError(413, "TooLarge", "data of " + d.length + " bytes is more than this server takes ("
                    + maxDataBytes + ", jute.maxbuffer)");
        }
        return d;
    }

    private static List<ACL> acl(JsonNode n) {
        if (n == null || n.isNull()) {
            return OPEN;
        }
        if (n.isTextual()) {
            return switch (n.asText()) {
                case "open" -> OPEN;
                case "creator" -> CREATOR;
                case "read" -> READ;
                default -> throw ApiError.badRequest("acl must be open, creator, read or a list of {scheme, id,"
                        + " perms}: " + n.asText());
            };
        }
        if (!n.isArray() || n.isEmpty()) {
            throw ApiError.badRequest("acl must be open, creator, read or a non-empty list of {scheme, id, perms}");
        }
        List<ACL> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isObject() || !e.path("scheme").isTextual() || !e.path("perms").isTextual()) {
                throw ApiError.badRequest("each ACL entry needs \"scheme\", \"id\" and \"perms\" (letters of cdrwa)");
            }
            out.add(new ACL(permBits(e.get("perms").asText()), new Id(e.get("scheme").asText(),
                    e.path("id").asText(""))));
        }
        return out;
    }

    private static int permBits(String letters) {
        int p = 0;
        for (char c : letters.toCharArray()) {
            p |= switch (c) {
                case 'c' -> Perms.CREATE;
                case 'd' -> Perms.DELETE;
                case 'r' -> Perms.READ;
                case 'w' -> Perms.WRITE;
                case 'a' -> Perms.ADMIN;
                default -> throw ApiError.badRequest("perms are letters of cdrwa: " + letters);
            };
        }
        return p;
    }

    // ---------------------------------------------------------------- answers

    /** Throws the API error for a reply that is not ok. */
    static void check(Reply r, String path) {
        if (r.err() == 0) {
            return;
        }
        ErrorCode code = ErrorCode.of(r.err());
        int status = code == null ? 502 : switch (code) {
            case NONODE -> 404;
            case NOAUTH -> 403;
            case BADVERSION, NODEEXISTS, NOTEMPTY, NOCHILDRENFOREPHEMERALS -> 409;
            case BADARGUMENTS, INVALIDACL, UNIMPLEMENTED -> 400;
            case SESSIONEXPIRED, CONNECTIONLOSS, SESSIONMOVED, THROTTLEDOP -> 503;
            default -> 502;
        };
        String what = code == null ? "error " + r.err() : code.message;
        String message = switch (status) {
            case 403 -> "Not allowed: your session's ids do not grant this on " + path + " (NoAuth)";
            case 404 -> "No node " + path;
            default -> what + " on " + path;
        };
        throw new ApiError(status, errorName(r.err()), message, Map.of("path", path, "code", r.err()));
    }

    static String errorName(int err) {
        ErrorCode code = ErrorCode.of(err);
        if (code == null) {
            return "Error" + err;
        }
        return switch (code) {
            case NOTEMPTY -> "NotEmpty";
            case SESSIONEXPIRED -> "SessionExpired";
            default -> code.message.replace(" ", "");
        };
    }
}

package dev.paddock.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.data.Stat;
import dev.paddock.server.http.HttpReply;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The console API's JSON: Stat with readable times and hex zxids, ACLs with digests hidden, node data as text, hex
 * and pretty JSON, and the answers themselves.
 */
final class ConsoleJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** What an ACL id of scheme digest shows instead of its hash. */
    static final String HIDDEN = "<hidden>";
    /** The hex view covers at most this much of a node's data. */
    static final int HEX_LIMIT = 64 * 1024;

    private ConsoleJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** Every Stat field; zxids and the ephemeral owner in hex, times as ms and as ISO-8601 UTC. */
    static ObjectNode stat(Stat s) {
        ObjectNode o = object();
        o.put("czxid", hex(s.czxid()));
        o.put("mzxid", hex(s.mzxid()));
        o.put("pzxid", hex(s.pzxid()));
        o.put("ctime", s.ctime());
        o.put("ctimeText", Instant.ofEpochMilli(s.ctime()).toString());
        o.put("mtime", s.mtime());
        o.put("mtimeText", Instant.ofEpochMilli(s.mtime()).toString());
        o.put("version", s.version());
        o.put("cversion", s.cversion());
        o.put("aversion", s.aversion());
        o.put("ephemeralOwner", hex(s.ephemeralOwner()));
        o.put("dataLength", s.dataLength());
        o.put("numChildren", s.numChildren());
        return o;
    }

    /** An ACL id as the console shows it: a digest id's hash is never shown. */
    static String shownId(Id id) {
        if ("digest".equals(id.scheme())) {
            String v = id.id() == null ? "" : id.id();
            int colon = v.indexOf(':');
            return (colon < 0 ? v : v.substring(0, colon)) + ":" + HIDDEN;
        }
        return id.id();
    }

    static ArrayNode acl(List<ACL> acl) {
        ArrayNode a = MAPPER.createArrayNode();
        for (ACL e : acl) {
            ObjectNode o = a.addObject();
            o.put("scheme", e.id().scheme());
            o.put("id", shownId(e.id()));
            o.put("perms", perms(e.perms()));
            o.put("permBits", e.perms());
        }
        return a;
    }

    /** Permission bits as zkCli prints them: letters of cdrwa. */
    static String perms(int p) {
        StringBuilder sb = new StringBuilder();
        sb.append((p & Perms.CREATE) != 0 ? "c" : "");
        sb.append((p & Perms.DELETE) != 0 ? "d" : "");
        sb.append((p & Perms.READ) != 0 ? "r" : "");
        sb.append((p & Perms.WRITE) != 0 ? "w" : "");
        sb.append((p & Perms.ADMIN) != 0 ? "a" : "");
        return sb.toString();
    }

    /**
     * A node's data: its size, base64, text (when it is valid UTF-8), hex (of the first {@link #HEX_LIMIT}
     * bytes) and pretty JSON (when the text parses as JSON).
     */
    static ObjectNode data(byte[] data) {
        ObjectNode o = object();
        byte[] d = data == null ? new byte[0] : data;
        o.put("size", d.length);
        o.put("null", data == null);
        o.put("base64", Base64.getEncoder().encodeToString(d));
        String text = utf8(d);
        o.put("utf8", text != null);
        if (text != null) {
            o.put("text", text);
        }
        int n = Math.min(d.length, HEX_LIMIT);
        StringBuilder hex = new StringBuilder(n * 3);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                hex.append(i % 16 == 0 ? '\n' : ' ');
            }
            hex.append(Character.forDigit((d[i] >> 4) & 0xf, 16)).append(Character.forDigit(d[i] & 0xf, 16));
        }
        o.put("hex", hex.toString());
        o.put("hexTruncated", d.length > n);
        if (text != null && !text.isBlank()) {
            try {
                JsonNode parsed = MAPPER.readTree(text);
                if (parsed != null && (parsed.isObject() || parsed.isArray())) {
                    o.put("json", PRETTY.writeValueAsString(parsed));
                }
            } catch (JsonProcessingException e) {
                // not JSON: no JSON view
            }
        }
        return o;
    }

    private static String utf8(byte[] d) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(d)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static HttpReply reply(int status, JsonNode body) {
        try {
            return HttpReply.json(status, MAPPER.writeValueAsString(body)).withHeader("Cache-Control", "no-store");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpReply ok(JsonNode body) {
        return reply(200, body);
    }

    static HttpReply error(ApiError e) {
        ObjectNode o = object();
        o.put("error", e.error());
        o.put("message", e.getMessage());
        for (Map.Entry<String, Object> x : e.extra().entrySet()) {
            o.set(x.getKey(), MAPPER.valueToTree(x.getValue()));
        }
        return reply(e.status(), o);
    }
}

package dev.paddock.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.paddock.server.http.HttpReply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One admin command's answer as ZooKeeper's AdminServer builds it: the command's fields, then {@code command} and
 * {@code error} (a field the command set itself, such as an {@code error}, keeps its place and value), an HTTP
 * status, extra headers, and for a streamed answer the bytes instead of JSON.
 */
public final class AdminAnswer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String command;
    private final String error;
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private int status;
    private byte[] stream;

    private AdminAnswer(String command, String error, int status) {
        this.command = command;
        this.error = error;
        this.status = status;
    }

    /** A 200 answer for {@code command} (its primary name) with no error. */
    public static AdminAnswer of(String command) {
        return new AdminAnswer(command, null, 200);
    }

    /** An answer that carries only an error, under the name the caller used. */
    public static AdminAnswer error(String command, String error, int status) {
        return new AdminAnswer(command, error, status);
    }

    public AdminAnswer put(String key, Object value) {
        data.put(key, value);
        return this;
    }

    public AdminAnswer putAll(Map<String, ?> values) {
        data.putAll(values);
        return this;
    }

    public AdminAnswer status(int code) {
        this.status = code;
        return this;
    }

    public AdminAnswer header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Answer with these bytes (application/octet-stream) instead of JSON. */
    public AdminAnswer stream(byte[] bytes) {
        this.stream = bytes;
        return this;
    }

    public int status() {
        return status;
    }

    public CompletableFuture<AdminAnswer> done() {
        return CompletableFuture.completedFuture(this);
    }

    /** The JSON object: the command's fields, then command and error. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>(data);
        m.put("command", command);
        m.put("error", error);
        m.putAll(data);
        return m;
    }

    public HttpReply toReply() {
        HttpReply reply;
        if (stream != null) {
            reply = HttpReply.of(status, "application/octet-stream", stream);
        } else {
            reply = HttpReply.of(status, HttpReply.JSON, json(toMap()));
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            reply = reply.withHeader(h.getKey(), h.getValue());
        }
        return reply;
    }

    /** Jackson with indentation, as ZooKeeper's JSON outputter writes. */
    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            return "{\"error\": \"Exception writing command response to JSON\"}".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

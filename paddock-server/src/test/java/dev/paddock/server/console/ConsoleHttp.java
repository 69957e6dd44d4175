package dev.paddock.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A script's view of the console API over a real socket; keeps every answer's body for later checks. */
final class ConsoleHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: status, body text, the body as JSON (null if it is not JSON), and the response itself. */
    record Answer(int status, String body, JsonNode json, HttpResponse<String> response) {
        String field(String name) {
            return json == null || json.get(name) == null ? null : json.get(name).asText();
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final List<String> bodies = new ArrayList<>();
    private String token;

    ConsoleHttp(InetSocketAddress admin) {
        this.base = "http://127.0.0.1:" + admin.getPort();
    }

    /** Later requests carry this login token (null: anonymous). */
    ConsoleHttp as(String token) {
        this.token = token;
        return this;
    }

    /** Every body answered so far. */
    List<String> bodies() {
        return bodies;
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    Answer post(String path, Object json) throws IOException, InterruptedException {
        return send("POST", path, "application/json", JSON.writeValueAsString(json));
    }

    Answer put(String path, Object json) throws IOException, InterruptedException {
        return send("PUT", path, "application/json", JSON.writeValueAsString(json));
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, null);
    }

    /** Logs in as {@code user}; returns the token (and uses it from now on). */
    String login(String user, String password) throws IOException, InterruptedException {
        Answer a = post("/console/api/login", java.util.Map.of("user", user, "password", password));
        if (a.status() != 200) {
            throw new IllegalStateException("login failed: " + a.status() + " " + a.body());
        }
        token = a.field("token");
        return token;
    }

    Answer send(String method, String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header(ConsoleSessions.TOKEN_HEADER, token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        bodies.add(r.body());
        JsonNode json = null;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException e) {
            json = null;
        }
        return new Answer(r.statusCode(), r.body(), json, r);
    }
}

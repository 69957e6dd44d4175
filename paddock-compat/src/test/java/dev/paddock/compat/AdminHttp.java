package dev.paddock.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Plain HTTP/1.1 requests to an admin server or a metrics endpoint on loopback (real sockets). */
public final class AdminHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();

    /** An answer: status, headers (lower-case names), body bytes. */
    public record Reply(int status, Map<String, List<String>> headers, byte[] bytes) {
        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public String contentType() {
            return header("content-type");
        }
    }

    private final String host;
    private final int port;

    public AdminHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public int port() {
        return port;
    }

    public Reply get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, null, headers);
    }

    public Reply post(String pathAndQuery, byte[] body, String... headers) {
        return send("POST", pathAndQuery, body, headers);
    }

    /**
     * GET, asked again while the answer is 429: ZooKeeper's snapshot command takes one call per 300,000
     * microseconds (its rate-limit interval read in the wrong unit), and Paddock copies that.
     */
    public Reply getPastRateLimit(String pathAndQuery, String... headers) {
        Reply[] last = new Reply[1];
        org.awaitility.Awaitility.await("an answer other than 429 to " + pathAndQuery).atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(100)).until(() -> (last[0] = get(pathAndQuery, headers)).status() != 429);
        return last[0];
    }

    public static Reply get(String host, int port, String pathAndQuery) {
        return new AdminHttp(host, port).get(pathAndQuery);
    }

    /** {@code headers} are name, value pairs. */
    public Reply send(String method, String pathAndQuery, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + pathAndQuery + " on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.paddock.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP endpoint on a real socket: routing, the socket's address, a failing route, a body over the limit. */
class HttpEndpointTest {
    private HttpEndpoint endpoint;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        HttpRoute echo = route(p -> p.startsWith("/echo"), call -> CompletableFuture.completedFuture(HttpReply.text(
                200, call.method() + " " + call.path() + " q=" + call.param("q") + " from="
                        + call.remote().getAddress().getHostAddress() + " xff=" + call.header("x-forwarded-for")
                        + " body=" + call.body().length).withHeader("X-Test", "1")));
        HttpRoute broken = route(p -> p.equals("/broken"), call -> {
            throw new IllegalStateException("route failed");
        });
        endpoint = HttpEndpoint.bind("test", new InetSocketAddress("127.0.0.1", 0), List.of(echo, broken), 10_000,
                1024);
    }

    private static HttpRoute route(Predicate<String> paths, Function<HttpCall, CompletableFuture<HttpReply>> answer) {
        return new HttpRoute() {
            @Override
            public boolean matches(String path) {
                return paths.test(path);
            }

            @Override
            public CompletableFuture<HttpReply> handle(HttpCall call) {
                return answer.apply(call);
            }
        };
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.localAddress().getPort()
                + pathAndQuery));
    }

    @Test
    void routesWithDecodedQueryHeadersAndTheSocketsAddress() throws Exception {
        HttpResponse<String> r = send(request("/echo/x?q=a%20b").header("X-Forwarded-For", "10.9.9.9")
                .POST(HttpRequest.BodyPublishers.ofString("12345")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("POST /echo/x q=a b from=127.0.0.1 xff=10.9.9.9 body=5");
        assertThat(r.headers().firstValue("X-Test")).hasValue("1");
    }

    @Test
    void unknownPathIs404AndAFailingRouteIs500() throws Exception {
        assertThat(send(request("/nowhere")).statusCode()).isEqualTo(404);
        HttpResponse<String> broken = send(request("/broken"));
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).contains("route failed");
        assertThat(send(request("/echo")).statusCode()).isEqualTo(200); // the endpoint lives on
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        HttpResponse<String> r = send(request("/echo").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4096])));
        assertThat(r.statusCode()).isEqualTo(413);
    }
}

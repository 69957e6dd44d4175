package dev.paddock.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.TestConfigs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * A standalone server with its admin server on an ephemeral port, an HTTP client for it and ZooKeeper clients
 * for the client port; {@link #close()} closes them all.
 */
final class AdminFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final PaddockServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<ZooKeeper> clients = new ArrayList<>();

    /** Starts a server under {@code dir} with the admin server on and {@code keyValues} on top. */
    AdminFixture(Path dir, String... keyValues) throws IOException {
        server = PaddockServer.start(ServerConfig.fromProperties(config(dir, keyValues)));
    }

    /** The server tests' standalone settings, the admin server on 127.0.0.1 and an ephemeral port, then keyValues. */
    static Properties config(Path dir, String... keyValues) {
        Properties p = TestConfigs.standalone(dir, "admin.enableServer", "true", "admin.serverAddress", "127.0.0.1",
                "admin.serverPort", "0");
        p.putAll(TestConfigs.standalone(dir, keyValues));
        return p;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.adminAddress().getPort() + pathAndQuery);
    }

    /** Sends {@code method} to {@code pathAndQuery} with headers (name, value, ...). */
    HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws Exception {
        return send("GET", pathAndQuery, null, headers);
    }

    /** GET a command and read its JSON. */
    JsonNode json(String pathAndQuery, String... headers) throws Exception {
        return JSON.readTree(get(pathAndQuery, headers).body());
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** A connected ZooKeeper client, closed with the fixture. */
    ZooKeeper client() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + server.clientPort(), 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        clients.add(zk);
        if (!connected.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("client did not connect");
        }
        return zk;
    }

    @Override
    public void close() throws Exception {
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        server.close();
    }
}

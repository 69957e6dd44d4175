package dev.paddock.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A standalone server for a test (settings from {@link TestConfigs#standalone}) and the raw clients connected to it;
 * {@link #close()} closes them all. One per test method.
 */
final class ServerFixture implements AutoCloseable {
    private final Path dir;
    private final List<RawClient> clients = new ArrayList<>();
    private PaddockServer server;

    ServerFixture(Path dir) {
        this.dir = dir;
    }

    /** Starts a server with {@code keyValues} on top of the test settings (closing one started before). */
    PaddockServer start(String... keyValues) throws IOException {
        if (server != null) {
            server.close();
        }
        server = PaddockServer.start(ServerConfig.fromProperties(TestConfigs.standalone(dir, keyValues)));
        return server;
    }

    PaddockServer server() {
        return server;
    }

    int port() {
        return server.clientPort();
    }

    /** A TCP connection to the client port with nothing sent yet, closed with the fixture. */
    RawClient connection() throws IOException {
        RawClient c = new RawClient(port());
        clients.add(c);
        return c;
    }

    /** A client that has completed its handshake (with or without the read-only byte), closed with the fixture. */
    RawClient session(boolean readOnlyByte) throws IOException {
        RawClient c = connection();
        assertThat(c.connect(readOnlyByte).response().sessionId()).isNotZero();
        return c;
    }

    /** mntr as key (with its zk_ prefix) → value; null when the server closed the connection without answering. */
    Map<String, String> mntrOrNull() {
        String out;
        try {
            out = RawClient.fourLetterWord(port(), "mntr");
        } catch (IOException e) {
            return null;
        }
        if (out.isEmpty()) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int tab = line.indexOf('\t');
            m.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return m;
    }

    @Override
    public void close() throws IOException {
        for (RawClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }
}

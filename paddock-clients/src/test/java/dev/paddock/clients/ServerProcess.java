package dev.paddock.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;

/**
 * One standalone server in a child process on a free loopback port, with its zoo.cfg, data and output in
 * {@code dir}: Paddock through {@code bin/paddock-server start-foreground <zoo.cfg>}, ZooKeeper 3.9.3 as
 * {@code java -cp target/zookeeper-lib/* org.apache.zookeeper.server.ZooKeeperServerMain <zoo.cfg>}. Both get the
 * same zoo.cfg. {@link #close()} kills the process and its children (SIGTERM, then SIGKILL).
 */
final class ServerProcess implements AutoCloseable {
    private final int port;
    private final Process process;

    private ServerProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Starts a server of {@code kind} in {@code dir} (its data there is wiped first) and waits until it serves:
     * until {@code srvr} reports its mode (ZooKeeper answers {@code ruok} before it takes sessions).
     */
    static ServerProcess start(ServerKind kind, Path dir) throws IOException {
        Path data = dir.resolve("data");
        Tool.deleteTree(data);
        Files.createDirectories(data);
        int port = freePort();
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, String.join("\n",
                "tickTime=2000",
                "dataDir=" + data,
                "clientPort=" + port,
                "clientPortAddress=127.0.0.1",
                "maxClientCnxns=0",
                "admin.enableServer=false",
                "4lw.commands.whitelist=*",
                ""));
        Path out = dir.resolve("server.out");
        ProcessBuilder pb;
        if (kind == ServerKind.PADDOCK) {
            pb = new ProcessBuilder(Checkout.home().resolve("bin/paddock-server").toString(), "start-foreground",
                    cfg.toString());
            pb.environment().put("PADDOCK_CLASSPATH", Checkout.paddockClasspath());
            pb.environment().put("ZOO_LOG_DIR", dir.resolve("log").toString());
        } else {
            pb = new ProcessBuilder(Checkout.java(), "-Xmx256m", "-Dzookeeper.admin.enableServer=false",
                    "-cp", Checkout.zookeeperClasspath(), "org.apache.zookeeper.server.ZooKeeperServerMain",
                    cfg.toString());
        }
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        ServerProcess server = new ServerProcess(port, pb.start());
        try {
            Awaitility.await(kind.label() + " serves on port " + port).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!server.process.isAlive()) {
                            throw new IllegalStateException(kind.label() + " exited: " + Tool.tail(out, 30));
                        }
                        String srvr = server.fourLetterWord("srvr");
                        return srvr != null && srvr.contains("Mode: ");
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    String connectString() {
        return "127.0.0.1:" + port;
    }

    /** The answer to a four-letter word, or null if the port does not answer. */
    String fourLetterWord(String word) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            s.setSoTimeout(2000);
            OutputStream o = s.getOutputStream();
            o.write(word.getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        Tool.kill(process);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

package dev.paddock.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** A Paddock server in a child JVM, on this test's classpath, that can be killed with SIGKILL. */
final class ServerProcess implements AutoCloseable {
    final Path dataDir;
    final int port;
    private final Path cfg;
    private final Path log;
    private Process process;

    ServerProcess(Path dataDir, Map<String, String> extra) throws IOException {
        this.dataDir = dataDir;
        this.port = freePort();
        this.cfg = dataDir.resolve("zoo.cfg");
        this.log = dataDir.resolve("server.log");
        StringBuilder sb = new StringBuilder();
        sb.append("tickTime=2000\nclientPort=").append(port).append("\ndataDir=").append(dataDir.resolve("data"))
                .append("\n4lw.commands.whitelist=*\n");
        extra.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(cfg, sb.toString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    void start() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.paddock.server.PaddockServer");
        cmd.add(cfg.toString());
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; log:\n"
                        + Files.readString(log));
            }
            return "imok".equals(fourLetterWord("ruok"));
        });
    }

    String fourLetterWord(String cmd) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(cmd.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String connectString() {
        return "127.0.0.1:" + port;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}

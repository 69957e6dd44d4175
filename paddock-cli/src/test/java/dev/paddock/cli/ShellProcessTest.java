package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.client.Acls;
import dev.paddock.client.PaddockClient;
import dev.paddock.client.testing.TestServer;
import dev.paddock.client.testing.ZooKeeperTestServer;
import dev.paddock.jute.CreateMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell as a real process (exit codes, stdin), and its tab completion. */
class ShellProcessTest {
    @TempDir
    Path tmp;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ZooKeeperTestServer(tmp.resolve("zk"), 500);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    record Result(int code, String out, String err) {
    }

    private Result shell(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PaddockCli.class.getName()));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("shell exited").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void oneShotCommandsAndExitCodes() throws Exception {
        String cs = server.connectString();
        Result ok = shell(null, "-server", cs, "create", "/p", "data");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).startsWith("Connecting to " + cs + "\n");
        assertThat(ok.err()).contains("Created /p");

        Result get = shell(null, "-server", cs, "-timeout", "5000", "get", "/p");
        assertThat(get.code()).isZero();
        assertThat(get.out()).endsWith("\ndata\n");

        Result missing = shell(null, "-server", cs, "get", "/missing");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("Node does not exist: /missing");

        Result unknown = shell(null, "-server", cs, "frobnicate");
        assertThat(unknown.code()).isEqualTo(127);
    }

    @Test
    void readsCommandsFromStdinWhenNotATerminal() throws Exception {
        Result r = shell("create /s 1\nls /\nget /nope\n", "-server", server.connectString());
        assertThat(r.out()).contains("Welcome to ZooKeeper!", "JLine support is disabled", "[s, zookeeper]");
        assertThat(r.err()).contains("Created /s", "Node does not exist: /nope");
        assertThat(r.code()).as("status of the last command").isEqualTo(1);
        Result q = shell("ls /\nquit\n", "-server", server.connectString());
        assertThat(q.code()).isZero();
    }

    @Test
    void interactivePromptEditsRunsAndKeepsHistory() throws Exception {
        java.io.PipedOutputStream keys = new java.io.PipedOutputStream();
        java.io.PipedInputStream terminalIn = new java.io.PipedInputStream(keys);
        java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        PaddockCli cli = new PaddockCli(new java.io.PrintStream(screen, true), System.err, 10_000, false);
        cli.connect(server.connectString());
        assertThat(cli.awaitConnected(20_000)).isTrue();
        Path history = tmp.resolve("history");
        Thread t;
        try (org.jline.terminal.Terminal terminal = org.jline.terminal.TerminalBuilder.builder().system(false)
                .dumb(true).streams(terminalIn, screen).build()) {
            terminal.setSize(new org.jline.terminal.Size(200, 40));
            t = new Thread(() -> {
                try {
                    new InteractiveShell(cli).run(terminal, history);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            keys.write("create /typed yes\nget /typed\nquit\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            t.join(30_000);
        }
        assertThat(t.isAlive()).isFalse();
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("[zk: " + server.connectString() + "(CONNECTED) 0] ")
                .contains("[zk: " + server.connectString() + "(CONNECTED) 1] ").contains("yes");
        assertThat(Files.readString(history)).contains("create /typed yes", "get /typed");
        assertThat(cli.quitRequested()).isTrue();
    }

    @Test
    void completesCommandsAndZnodePaths() throws Exception {
        try (PaddockClient c = PaddockClient.builder(server.connectString()).build()) {
            assertThat(c.awaitConnected(Duration.ofSeconds(20))).isTrue();
            c.create("/apps", null, Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            c.create("/apps/alpha", null, Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            c.create("/apps/beta", null, Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        PaddockCli cli = new PaddockCli(System.out, System.err, 10_000, false);
        cli.connect(server.connectString());
        assertThat(cli.awaitConnected(20_000)).isTrue();
        InteractiveShell.ZNodeCompleter completer = new InteractiveShell.ZNodeCompleter(cli);
        DefaultParser parser = new DefaultParser();

        List<Candidate> cmds = new ArrayList<>();
        completer.complete(null, parser.parse("get", 3), cmds);
        assertThat(cmds).extracting(Candidate::value).containsExactlyInAnyOrder("get", "getAcl", "getEphemerals",
                "getAllChildrenNumber");

        List<Candidate> paths = new ArrayList<>();
        completer.complete(null, parser.parse("ls /apps/a", 10), paths);
        assertThat(paths).extracting(Candidate::value).containsExactly("/apps/alpha");

        List<Candidate> root = new ArrayList<>();
        completer.complete(null, parser.parse("ls /", 4), root);
        assertThat(root).extracting(Candidate::value).contains("/apps", "/zookeeper");
        assertThat(cli.prompt()).isEqualTo("[zk: " + server.connectString() + "(CONNECTED) 0] ");
        cli.executeLine("close");
        assertThat(cli.prompt()).isEqualTo("[zk: " + server.connectString() + "(CLOSED) 1] ");
    }
}

package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.cli.PaddockCli;
import dev.paddock.compat.ReconfigEnsemble.Target;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.ZooKeeperMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * zkCli 3.9.3 ({@code ZooKeeperMain}, in this JVM) and Paddock's shell run the same {@code config} and
 * {@code reconfig} commands, one after the other, against the same reconfigurable 3-server ensemble: what they
 * print must be equal once config versions, zxids, times and the config node's data version (which grow with each
 * reconfig) are masked. Each script leaves members 1-3 in place, so both start from the same membership.
 */
class ReconfigShellCompatTest {
    /** zkCli's commands keep the System.out/err of the moment ZooKeeperMain is loaded: route them from the start. */
    private static final Routing OUT = new Routing(System.out);
    private static final Routing ERR = new Routing(System.err);

    static {
        System.setOut(new PrintStream(OUT, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(ERR, true, StandardCharsets.UTF_8));
    }

    private static ReconfigEnsemble ensemble;

    /** Forwards to the real stream, or into a buffer while a shell runs. */
    static final class Routing extends OutputStream {
        private final PrintStream real;
        private ByteArrayOutputStream capture;

        Routing(PrintStream real) {
            this.real = real;
        }

        synchronized void start() {
            capture = new ByteArrayOutputStream();
        }

        synchronized String stop() {
            String s = capture.toString(StandardCharsets.UTF_8);
            capture = null;
            return s;
        }

        synchronized String peek() {
            return capture == null ? "" : capture.toString(StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void write(int b) {
            if (capture != null) {
                capture.write(b);
            } else {
                real.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (capture != null) {
                capture.write(b, off, len);
            } else {
                real.write(b, off, len);
            }
        }
    }

    @AfterAll
    static void stopEnsemble() {
        if (ensemble != null) {
            ensemble.close();
            ensemble = null;
        }
    }

    interface Shell {
        void line(String line) throws Exception;
    }

    private static int events(String kind) {
        String out = OUT.peek();
        int n = 0;
        for (int i = out.indexOf("WatchedEvent state:" + kind); i >= 0; i = out.indexOf("WatchedEvent state:" + kind,
                i + 1)) {
            n++;
        }
        return n;
    }

    /** Runs the script after the session's SyncConnected was printed, then closes it and waits for Closed. */
    private static String[] run(Shell shell, List<String> script) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> events("SyncConnected") >= 1);
        for (String line : script) {
            shell.line(line);
        }
        shell.line("close");
        await().atMost(Duration.ofSeconds(30)).until(() -> events("Closed") >= 1);
        return new String[] {OUT.stop(), ERR.stop()};
    }

    private static String[] zkCli(String connectString, List<String> script) throws Exception {
        OUT.start();
        ERR.start();
        ZooKeeperMain main = new ZooKeeperMain(new String[] {"-server", connectString, "-timeout", "10000"});
        return run(main::executeLine, script);
    }

    private static String[] paddockCli(String connectString, List<String> script) throws Exception {
        OUT.start();
        ERR.start();
        PaddockCli cli = new PaddockCli(System.out, System.err, 10000, false);
        System.out.println("Connecting to " + connectString);
        cli.connect(connectString);
        return run(cli::executeLine, script);
    }

    static String mask(String s) {
        // client log lines (this JVM's logback writes to the same stdout) are not the shells' output
        return s.replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) .*\n", "")
                .replaceAll("(?m)^version=[0-9a-f]+$", "version=V")
                .replaceAll("(?m)^[0-9a-f]+ (?=127\\.0\\.0\\.1:)", "V ")
                .replaceAll("(cZxid|mZxid|pZxid) = 0x[0-9a-f]+", "$1 = 0xZXID")
                .replaceAll("(ctime|mtime) = .*", "$1 = TIME")
                .replaceAll("dataVersion = \\d+", "dataVersion = N")
                .replaceAll("zxid: -?\\d+", "zxid: ZXID");
    }

    @ParameterizedTest(name = "[{0}]")
    @EnumSource(Target.class)
    void configAndReconfigPrintAsInZkCli(Target target) throws Exception {
        ensemble = new ReconfigEnsemble(target, "shell").startAll(3);
        try {
            long leader = ensemble.leader();
            long a = ensemble.others(leader).get(0);
            long b = ensemble.others(leader).get(1);
            Path file = Path.of("target", "reconfig", "members-" + target.name().toLowerCase() + ".cfg");
            Files.writeString(file, ensemble.serverLine(1) + "\n" + ensemble.serverLine(2) + "\n"
                    + ensemble.serverLine(3) + "\n");
            String ghost = "server.9=127.0.0.1:" + ChildJvm.freePort() + ":" + ChildJvm.freePort()
                    + ":participant;127.0.0.1:" + ChildJvm.freePort();
            List<String> script = List.of(
                    "config",
                    "config -c",
                    "config -s",
                    "reconfig -remove " + b,
                    "addauth digest " + ReconfigEnsemble.SUPER_AUTH,
                    "reconfig -remove " + b,
                    "config -c",
                    "reconfig -s -add " + ensemble.serverLine(b),
                    "reconfig -v 1 -remove " + b,
                    "reconfig -add server.9=bad",
                    "reconfig -members " + ensemble.serverLine(a) + "," + ghost,
                    "reconfig -file " + file,
                    "config");
            String cs = ensemble.address(a);
            String[] zk = zkCli(cs, script);
            ensemble.awaitServing(1, 2, 3);
            String[] paddock = paddockCli(cs, script);
            ensemble.awaitServing(1, 2, 3);
            Path dir = Path.of("target", "reconfig");
            Files.writeString(dir.resolve("shell-" + target.name().toLowerCase() + ".zk.out"), zk[0] + zk[1]);
            Files.writeString(dir.resolve("shell-" + target.name().toLowerCase() + ".paddock.out"),
                    paddock[0] + paddock[1]);
            assertThat(mask(paddock[0])).as("stdout").isEqualTo(mask(zk[0]));
            assertThat(mask(paddock[1])).as("stderr").isEqualTo(mask(zk[1]));
            assertThat(zk[0]).contains("Committed new configuration:", ensemble.serverLine(b));
            assertThat(zk[1]).contains("Insufficient permission", "version No is not valid",
                    "Arguments are not valid", "No quorum of new config");
        } finally {
            stopEnsemble();
        }
    }
}

package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.client.testing.TestServer;
import dev.paddock.client.testing.TestServerFactory;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.zookeeper.ZooKeeperMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same command scripts through zkCli 3.9.3 ({@code ZooKeeperMain}, in-process) and through PaddockCli, each
 * against a freshly wiped server on the same port: stdout and stderr must match once times, zxids and session ids
 * are masked. Subclasses pick the server ({@link #serverFactory()}); the suite ships in paddock-cli's test-jar
 * (subclass it in package {@code dev.paddock.cli}). A line {@code #await N} waits until N watch events have been printed in total (events arrive on
 * another thread; waiting keeps the outputs comparable).
 */
public abstract class GoldenShellSuite {
    /** stdout/stderr for the whole JVM, routed to the buffers of the run in progress. */
    static final Capture OUT = new Capture();
    static final Capture ERR = new Capture();
    static PrintStream realOut;
    static PrintStream realErr;

    @TempDir
    Path tmp;
    TestServer server;

    @BeforeAll
    static void captureStdio() {
        realOut = System.out;
        realErr = System.err;
        System.setOut(new PrintStream(OUT, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(ERR, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void restoreStdio() {
        System.setOut(realOut);
        System.setErr(realErr);
    }

    /** The server both shells talk to; it must support wipe-and-restart on the same port. */
    protected abstract TestServerFactory serverFactory();

    /**
     * A reference server (ZooKeeper 3.9.3) to compare the server under test with: when given, each script also
     * runs through zkCli against a fresh reference server, and that output must equal what the shells printed
     * against the server under test. This catches server-side differences the two shells would share.
     */
    protected TestServerFactory referenceFactory() {
        return null;
    }

    private int references;

    @BeforeEach
    void start() throws Exception {
        server = serverFactory().create(tmp.resolve("server"));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static final class Capture extends OutputStream {
        private ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            buf.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buf.write(b, off, len);
        }

        synchronized String take() {
            String s = buf.toString(StandardCharsets.UTF_8);
            buf = new ByteArrayOutputStream();
            return s;
        }

        synchronized String peek() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }

    /** What one shell printed. */
    record Output(String out, String err) {
    }

    interface Shell {
        void line(String line) throws Exception;

        void close() throws Exception;
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static void awaitEvents(int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count(OUT.peek(), "WatchedEvent state:") >= n);
    }

    private Output run(Shell shell, List<String> script) throws Exception {
        awaitEvents(1);
        for (String line : script) {
            if (line.startsWith("#await ")) {
                awaitEvents(Integer.parseInt(line.substring(7).trim()));
            } else {
                shell.line(line);
            }
        }
        int closed = count(OUT.peek(), "WatchedEvent state:Closed");
        shell.close();
        // Both shells report the end of the session as a Closed event, printed by their event thread.
        await().atMost(Duration.ofSeconds(20)).until(() -> count(OUT.peek(), "WatchedEvent state:Closed") > closed);
        return new Output(OUT.take(), ERR.take());
    }

    private Output runZooKeeper(String connectString, List<String> script) throws Exception {
        OUT.take();
        ERR.take();
        ZooKeeperMain main = new ZooKeeperMain(new String[] {"-server", connectString, "-timeout", "10000"});
        return run(new Shell() {
            @Override
            public void line(String line) throws Exception {
                main.executeLine(line);
            }

            @Override
            public void close() throws Exception {
                main.executeLine("close");
            }
        }, script);
    }

    private Output runPaddock(String connectString, List<String> script) throws Exception {
        OUT.take();
        ERR.take();
        PaddockCli cli = new PaddockCli(System.out, System.err, 10000, false);
        System.out.println("Connecting to " + connectString);
        cli.connect(connectString);
        return run(new Shell() {
            @Override
            public void line(String line) throws Exception {
                cli.executeLine(line);
            }

            @Override
            public void close() throws Exception {
                cli.executeLine("close");
            }
        }, script);
    }

    private static final Pattern HEX_ZXID = Pattern.compile("(cZxid|mZxid|pZxid) = 0x[0-9a-f]+");
    private static final Pattern TIME = Pattern.compile("(ctime|mtime) = .*");
    private static final Pattern OWNER = Pattern.compile("ephemeralOwner = 0x[0-9a-f]{6,}");
    private static final Pattern EVENT_ZXID = Pattern.compile("zxid: -?[0-9]+");

    static String mask(String s) {
        s = HEX_ZXID.matcher(s).replaceAll("$1 = 0xZXID");
        s = TIME.matcher(s).replaceAll("$1 = TIME");
        s = OWNER.matcher(s).replaceAll("ephemeralOwner = 0xSESSION");
        s = EVENT_ZXID.matcher(s).replaceAll("zxid: ZXID");
        return s;
    }

    /**
     * The output with each watch event (a blank line and "WATCHER::", a blank line and "WatchedEvent ...", each
     * pair one write from the shell's event thread) moved to the end, in order: where an event lands among the
     * commands' output depends on which of two threads a shell's stdout serves first, in zkCli as in Paddock's.
     */
    static String eventsApart(String out) {
        List<String> lines = List.of(out.split("\n", -1));
        StringBuilder rest = new StringBuilder();
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String next = i + 1 < lines.size() ? lines.get(i + 1) : null;
            if (lines.get(i).isEmpty() && next != null
                    && (next.equals("WATCHER::") || next.startsWith("WatchedEvent "))) {
                events.append(next).append('\n');
                i++;
            } else {
                rest.append(lines.get(i)).append('\n');
            }
        }
        return rest + "--- watch events, in order ---\n" + events;
    }

    /** Runs the script through both shells on a fresh server each and compares what they print. */
    private void assertSameOutput(List<String> script) throws Exception {
        assertSameOutput("", null, script);
    }

    /**
     * Runs {@code setup} (if any) with a plain client, then the script through each shell connected to the
     * server with {@code chroot} appended.
     */
    private void assertSameOutput(String chroot, List<String> setup, List<String> script) throws Exception {
        String cs = server.connectString() + chroot;
        setUp(setup);
        Output zk = runZooKeeper(cs, script);
        server.stop();
        server.wipeData();
        server.start();
        setUp(setup);
        Output pd = runPaddock(cs, script);
        // Kept for inspection: target/golden/<script>.{zk,paddock}.{out,err}
        Path dir = Path.of("target", "golden");
        java.nio.file.Files.createDirectories(dir);
        String name = StackWalker.getInstance().walk(f -> f.skip(1)
                .filter(x -> !x.getMethodName().equals("assertSameOutput")).findFirst().get().getMethodName());
        java.nio.file.Files.writeString(dir.resolve(name + ".zk.out"), mask(zk.out()));
        java.nio.file.Files.writeString(dir.resolve(name + ".zk.err"), mask(zk.err()));
        java.nio.file.Files.writeString(dir.resolve(name + ".paddock.out"), mask(pd.out()));
        java.nio.file.Files.writeString(dir.resolve(name + ".paddock.err"), mask(pd.err()));
        assertThat(eventsApart(mask(pd.out()))).as("stdout").isEqualTo(eventsApart(mask(zk.out())));
        assertThat(mask(pd.err())).as("stderr").isEqualTo(mask(zk.err()));
        assertThat(zk.out()).as("the script produced output").isNotBlank();
        TestServerFactory reference = referenceFactory();
        if (reference != null) {
            try (TestServer ref = reference.create(tmp.resolve("reference-" + references++))) {
                ref.start();
                setUp(ref.connectString(), setup);
                Output r = runZooKeeper(ref.connectString() + chroot, script);
                String port = ":" + ref.port();
                String refOut = mask(r.out()).replace(port, ":" + server.port());
                java.nio.file.Files.writeString(dir.resolve(name + ".reference.out"), refOut);
                assertThat(eventsApart(mask(zk.out()))).as("stdout on the server under test vs on the reference server")
                        .isEqualTo(eventsApart(refOut));
                assertThat(mask(zk.err())).as("stderr on the server under test vs on the reference server")
                        .isEqualTo(mask(r.err()).replace(port, ":" + server.port()));
            }
        }
    }

    private void setUp(List<String> setup) throws Exception {
        setUp(server.connectString(), setup);
    }

    private void setUp(String connectString, List<String> setup) throws Exception {
        if (setup == null) {
            return;
        }
        try (dev.paddock.client.PaddockClient c = dev.paddock.client.PaddockClient.builder(connectString)
                .build()) {
            assertThat(c.awaitConnected(Duration.ofSeconds(20))).isTrue();
            for (String path : setup) {
                c.create(path, null, dev.paddock.client.Acls.OPEN_ACL_UNSAFE, dev.paddock.jute.CreateMode.PERSISTENT);
            }
        }
    }

    @Test
    void chrootedSession() throws Exception {
        assertSameOutput("/app", List.of("/app"), List.of(
                "ls /",
                "create /x 1",
                "create -s /x/s- 2",
                "create -e /x/e",
                "ls -R /",
                "get -s /x",
                "stat /x/e",
                "get -w /x",
                "set /x 3",
                "#await 2",
                "addWatch -m PERSISTENT_RECURSIVE /x",
                "create /x/deep",
                "#await 3",
                "getAllChildrenNumber /",
                "sync /x",
                "deleteall /x",
                "ls /",
                "ls /missing",
                "config -s"));
    }

    @Test
    void createListGetSetDelete() throws Exception {
        assertSameOutput(List.of(
                "create /a hello",
                "create /a again",
                "create /a/b",
                "create -e /a/eph data",
                "create -s /a/seq- x",
                "create -s -e /a/eseq-",
                "create -c /cont",
                "create -t 10000 /ttl",
                "create -t 0 /ttl2",
                "create -t abc /ttl3",
                "create -e -c /bad",
                "create -t 5 -e /bad",
                "create /a/eph/child",
                "create noslash",
                "create /x/y",
                "create /trail/",
                "create \"/quoted\" 'two words'",
                "create",
                "ls /",
                "ls /a",
                "ls -s /a",
                "ls -R /a",
                "ls -R /",
                "ls /missing",
                "ls",
                "ls -z /a",
                "ls /a watch",
                "get /a",
                "get -s /a",
                "get /a/b",
                "get -b /a",
                "get -x /a",
                "get /quoted",
                "create /bin 'héllo wörld, a longer value spanning rows	!'",
                "get -x /bin",
                "get -b /bin",
                "set -b /bin aGVsbG8gYmFzZTY0",
                "get /bin",
                "create /empty ''",
                "get -x /empty",
                "get -s -b /empty",
                "create /multi x world:anyone:r,world:anyone:w,ip:127.0.0.1:cdrwa",
                "getAcl /multi",
                "get /missing",
                "get",
                "get bad",
                "set /a world",
                "set -s /a again2",
                "set -v 7 /a bad",
                "set /a -v 2 ok",
                "set -v",
                "set /a",
                "stat /a",
                "stat /missing",
                "stat",
                "delete /a",
                "delete /missing",
                "delete -v 5 /a/b",
                "delete /a/b",
                "#await 2",
                "delete /a/seq-0000000002 3",
                "getEphemerals",
                "getEphemerals /a",
                "getAllChildrenNumber /",
                "getAllChildrenNumber /a",
                "getAllChildrenNumber",
                "sync /a",
                "sync nope",
                "deleteall /a",
                "deleteall /missing",
                "ls /",
                "history",
                "redo 18",
                "redo 99",
                "printwatches",
                "printwatches off",
                "printwatches",
                "printwatches on"));
    }

    @Test
    void aclsAuthAndQuotas() throws Exception {
        assertSameOutput(List.of(
                "create /acl data",
                "getAcl /acl",
                "getAcl -s /acl",
                "getAcl /missing",
                "setAcl /acl world:anyone:rw",
                "getAcl /acl",
                "setAcl -s /acl world:anyone:cdrwa",
                "setAcl -v 9 /acl world:anyone:r",
                "setAcl /acl bad",
                "setAcl /acl world:anyone:rxz",
                "create /badacl x bad",
                "whoami",
                "addauth digest user:pass",
                "whoami",
                "create /secure s auth::cdrwa",
                "getAcl /secure",
                "create /acl/k 1",
                "create /acl/k/l 2",
                "setAcl -R /acl world:anyone:cdra",
                "getAcl /acl/k/l",
                "create /q 1",
                "create /q/a 1",
                "setquota -n 5 /q",
                "listquota /q",
                "setquota -b 100 /q",
                "listquota /q",
                "setquota -N 1 /q",
                "setquota -n 0 /q",
                "setquota -n x /q",
                "setquota -n 3 /missing",
                "setquota -n 3 /zookeeper/quota/q",
                "create /q/a/b 1",
                "setquota -n 3 /q/a",
                "setquota /q",
                "delquota -n /q",
                "listquota /q",
                "delquota /q",
                "listquota /q",
                "delquota /q",
                "ls /zookeeper/quota",
                "config",
                "foo",
                "help"));
    }

    @Test
    void configAndReconfigOnAStandaloneServer() throws Exception {
        Path good = tmp.resolve("members.cfg");
        java.nio.file.Files.writeString(good, "server.1=127.0.0.1:2888:3888;2181\nserver.2=127.0.0.1:2889:3889;2182\n"
                + "server.3=127.0.0.1:2890:3890:observer;2183\n");
        Path bad = tmp.resolve("bad.cfg");
        java.nio.file.Files.writeString(bad, "server.1=127.0.0.1:2888:3888;2181\nclientPort=2181\n");
        assertSameOutput(List.of(
                "config",
                "config -c",
                "config -s",
                "config -w",
                "config -x",
                "reconfig",
                "reconfig -s",
                "reconfig -v zz -remove 2",
                "reconfig -v",
                "reconfig -add",
                "reconfig -x 1",
                "reconfig -add server.4=127.0.0.1:1:2;3 -members server.1=127.0.0.1:1:2;3",
                "reconfig -file " + good + " -members server.1=127.0.0.1:1:2;3",
                "reconfig -file " + tmp.resolve("missing.cfg"),
                "reconfig -file " + bad,
                "reconfig -file " + good,
                "reconfig -remove 3",
                "reconfig -s -v 1F -members SERVER.1=127.0.0.1:1:2;3",
                "reconfig -add server.4=127.0.0.1:1:2;3 -remove 1,2"));
    }

    @Test
    void watchesAndConnections() throws Exception {
        assertSameOutput(List.of(
                "create /w 1",
                "get -w /w",
                "set /w 2",
                "#await 2",
                "ls -w /w",
                "create /w/c",
                "#await 3",
                "stat -w /w/d",
                "create /w/d",
                "#await 4",
                "addWatch -m persistent_recursive /w",
                "set /w 3",
                "#await 5",
                "create /w/c/x",
                "#await 6",
                "removewatches /w",
                "#await 7",
                "addWatch -m PERSISTENT /w",
                "set /w 4",
                "#await 8",
                "create /w/c/y",
                "addWatch -m bogus /w",
                "addWatch",
                "get -w /w",
                "removewatches /w -d",
                "#await 9",
                "removewatches /w -d",
                "removewatches /w -p",
                "#await 10",
                "addWatch /w/d",
                "create /w/d/kid",
                "#await 11",
                "removewatches /w/d -p",
                "#await 12",
                "ls -R -w /w",
                "set /w 5",
                "#await 13",
                "close",
                "#await 14",
                "ls /",
                "history",
                "connect " + server.connectString(),
                "#await 15",
                "ls /w"));
    }

    @Test
    void oneShotCommandsExitWithTheirStatus() throws Exception {
        OUT.take();
        ERR.take();
        String cs = server.connectString();
        PrintStream out = System.out;
        PrintStream err = System.err;
        assertThat(PaddockCli.run(new String[] {"-server", cs, "create", "/one", "x"}, System.in, out, err)).isZero();
        assertThat(PaddockCli.run(new String[] {"-server", cs, "get", "/one"}, System.in, out, err)).isZero();
        assertThat(PaddockCli.run(new String[] {"-server", cs, "get", "/none"}, System.in, out, err)).isEqualTo(1);
        assertThat(PaddockCli.run(new String[] {"-server", cs, "nosuch"}, System.in, out, err)).isEqualTo(127);
        String o = OUT.take();
        String e = ERR.take();
        assertThat(o).contains("Connecting to " + cs).contains("\nx\n");
        assertThat(e).contains("Created /one").contains("Node does not exist: /none")
                .contains("Command not found: Command not found nosuch");
        // Commands from a non-terminal stdin, up to quit.
        String script = "create /two 2\nget /two\nquit\nget /two\n";
        int rc = PaddockCli.run(new String[] {"-server", cs}, new java.io.ByteArrayInputStream(
                script.getBytes(StandardCharsets.UTF_8)), out, err);
        assertThat(rc).isZero();
        o = OUT.take();
        assertThat(o).contains("Welcome to ZooKeeper!").contains("JLine support is disabled");
        assertThat(count(o, "\n2\n")).as("quit stops reading").isEqualTo(1);
    }
}

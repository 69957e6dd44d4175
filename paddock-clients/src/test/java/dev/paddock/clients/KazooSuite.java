package dev.paddock.clients;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs kazoo's own test suite (Debian's python3-kazoo ships it in {@code kazoo/tests}, with the harness in
 * {@code kazoo/testing}) unchanged under pytest, with Debian's Python. kazoo's harness starts its servers itself as
 * {@code java -cp $ZOOKEEPER_CLASSPATH org.apache.zookeeper.server.quorum.QuorumPeerMain zoo.cfg}: for ZooKeeper
 * 3.9.3 the class path is its jars, for Paddock it is this module's test classes, where the launcher shim of that
 * name runs {@code bin/paddock-server start-foreground zoo.cfg}. The harness's own environment variables choose the
 * cluster size (1 here unless {@code -Dclients.kazoo.clusterSize}) and the ports.
 */
final class KazooSuite {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path TESTS = Path.of("/usr/lib/python3/dist-packages/kazoo/tests");
    /** pytest's limit per test: a test that hangs fails instead of stopping the suite. */
    static final int TEST_TIMEOUT_SECONDS = 60;
    private static final Duration SUITE_LIMIT = Duration.ofMinutes(20);
    /**
     * A short test that runs first when only some tests are run: the harness starts its servers for the first test
     * and gives them 2 s plus the client's 15 s connect timeout, which a loaded machine can exceed. Its outcome is
     * not looked at.
     */
    static final String WARM_UP = "test_barrier.py::KazooBarrierTests::test_barrier_not_exist";

    private KazooSuite() {
    }

    /**
     * Runs {@code tests} (pytest ids without the directory, after {@link #WARM_UP}; empty: the whole suite, less
     * {@code deselected}) against servers of {@code kind}; the report and output go to {@code dir/<name>.xml} and
     * {@code .out}.
     */
    static KazooRun run(ServerKind kind, Path dir, String name, Collection<String> tests, Collection<String> deselected)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path xml = dir.resolve(name + ".xml");
        Files.deleteIfExists(xml);
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-m", "pytest", "-p", "no:cacheprovider",
                "-q", "-rfEs", "--timeout=" + TEST_TIMEOUT_SECONDS, "--rootdir=" + TESTS.getParent().getParent(),
                "-o", "junit_family=xunit1", "--junitxml=" + xml));
        if (tests.isEmpty()) {
            cmd.add(TESTS.toString());
        } else {
            if (!tests.contains(WARM_UP)) {
                cmd.add(TESTS.resolve(WARM_UP).toString());
            }
            tests.forEach(t -> cmd.add(TESTS.resolve(t).toString()));
        }
        deselected.forEach(t -> cmd.add("--deselect=kazoo/tests/" + t));
        Map<String, String> env = new HashMap<>();
        env.put("ZOOKEEPER_CLASSPATH", kind == ServerKind.PADDOCK ? Checkout.shimClasses().toString()
                : Checkout.zookeeperClasspath());
        env.put("ZOOKEEPER_VERSION", "3.9.3");
        env.put("ZOOKEEPER_CLUSTER_SIZE", Integer.toString(Integer.getInteger("clients.kazoo.clusterSize", 1)));
        env.put("ZOOKEEPER_PORT_OFFSET", Integer.toString(portBase()));
        env.put("PADDOCK_HOME", Checkout.home().toString());
        env.put("PADDOCK_CLASSPATH", Checkout.paddockClasspath());
        env.put("TMPDIR", tmp.toString());
        Tool.Result r = Tool.run(cmd, dir, env, dir.resolve(name + ".out"), SUITE_LIMIT);
        if (!Files.exists(xml)) {
            throw new AssertionError("pytest wrote no report (exit " + r.exitCode() + "); output:\n"
                    + Tool.tail(dir.resolve(name + ".out"), 40));
        }
        return KazooRun.read(xml);
    }

    /**
     * A base port for the harness: it uses base + 10 * i + 0..3 for server i; a free ephemeral port whose next
     * 40 are free too (checked, not reserved: good enough on a test machine).
     */
    private static int portBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ServerProcess.freePort();
            if (base + 40 < 65535 && allFree(base, 40)) {
                return base;
            }
        }
        throw new IOException("no 40 consecutive free ports found");
    }

    private static boolean allFree(int base, int n) {
        for (int p = base; p < base + n; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}

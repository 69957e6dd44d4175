package dev.paddock.faults.cluster;

import dev.paddock.faults.net.Cmd;
import dev.paddock.faults.net.Firewall;
import dev.paddock.faults.net.Sandbox;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server of a {@link Cluster}: a real process in its own network namespace, started with
 * {@code ip netns exec}, which execs, as does {@code bin/paddock-server}: the child's pid is the server JVM's, so
 * {@link #kill9()}, {@link #pause()} and {@link #resume()} signal the server itself. Its output is appended to
 * {@code server.log} across restarts; its dataDir is a tmpfs of its own so {@link #fillDisk()} runs it out of space
 * without touching anything else.
 */
public final class ServerNode {
    private static final Logger LOG = LoggerFactory.getLogger(ServerNode.class);
    /** The filler file {@link #fillDisk()} writes in the data directory. */
    public static final String FILLER = "paddock-faults-filler";
    static final String BASE_JVM_FLAGS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private final int id;
    private final Kind kind;
    private final Sandbox sandbox;
    private final Path dir;
    private final Path cfg;
    private final Path log;
    private final Map<String, String> extraEnv = new LinkedHashMap<>();
    private final List<String> extraJvmFlags = new ArrayList<>();
    private Process process;
    private volatile boolean paused;
    private int starts;

    ServerNode(int id, Kind kind, Sandbox sandbox, Path dir) {
        this.id = id;
        this.kind = kind;
        this.sandbox = sandbox;
        this.dir = dir;
        this.cfg = dir.resolve("zoo.cfg");
        this.log = dir.resolve("server.log");
    }

    public int id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's address inside the sandbox (reachable from the root namespace). */
    public String address() {
        return sandbox.address(id);
    }

    /** "10.231.i.n:2181". */
    public String clientConnect() {
        return address() + ":" + Firewall.CLIENT_PORT;
    }

    /** This server's directory: zoo.cfg, server.log, data/. */
    public Path dir() {
        return dir;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path logFile() {
        return log;
    }

    Path configFile() {
        return cfg;
    }

    /** Environment variables for the next {@link #start()} (e.g. a clock-fault hook); replaces earlier ones. */
    public synchronized ServerNode extraEnv(Map<String, String> env) {
        extraEnv.clear();
        extraEnv.putAll(env);
        return this;
    }

    /** JVM flags added after the base ones on the next {@link #start()}; replaces earlier ones. */
    public synchronized ServerNode extraJvmFlags(List<String> flags) {
        extraJvmFlags.clear();
        extraJvmFlags.addAll(flags);
        return this;
    }

    /** Starts the server process; does not wait for it to serve. */
    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException("server " + id + " is already running");
        }
        starts++;
        try {
            Files.writeString(log, "==== paddock-faults: start " + starts + " of server " + id + " (" + kind
                    + ") ====\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder pb = kind == Kind.PADDOCK ? paddock() : zookeeper();
            pb.environment().putAll(extraEnv);
            pb.directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start server " + id, e);
        }
        paused = false;
        LOG.info("server {} ({}) started in {} as pid {}", id, kind, sandbox.namespace(id), process.pid());
    }

    private ProcessBuilder paddock() {
        Path script = Checkout.home().resolve("bin/paddock-server");
        ProcessBuilder pb = new ProcessBuilder(sandbox.inNamespace(id,
                List.of(script.toString(), "start-foreground", cfg.toString())));
        Map<String, String> env = pb.environment();
        env.put("ZOOCFGDIR", dir.toString());
        env.put("ZOO_LOG_DIR", dir.resolve("logs").toString());
        env.put("PADDOCK_SKIP_BUILD", "1");
        env.put("ZK_SERVER_HEAP", "256");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("JVMFLAGS");
        env.put("SERVER_JVMFLAGS", String.join(" ", jvmFlags()));
        if (Checkout.packagedJar()) {
            env.remove("PADDOCK_CLASSPATH");
        } else {
            env.put("PADDOCK_CLASSPATH", Checkout.classesUnderTest());
        }
        return pb;
    }

    private ProcessBuilder zookeeper() throws IOException {
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, ZK_LOGBACK, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        cmd.add(Checkout.java());
        cmd.addAll(jvmFlags());
        cmd.addAll(List.of("-cp", Checkout.zookeeperLib() + "/*", "-Dzookeeper.admin.enableServer=false",
                "-Dzookeeper.4lw.commands.whitelist=*", "-Dlogback.configurationFile=" + logback,
                "org.apache.zookeeper.server.quorum.QuorumPeerMain", cfg.toString()));
        return new ProcessBuilder(sandbox.inNamespace(id, cmd));
    }

    private List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(List.of(BASE_JVM_FLAGS.split(" ")));
        flags.addAll(extraJvmFlags);
        return flags;
    }

    /** SIGKILL, and waits until the process is gone: no shutdown hook, no flush. A no-op if not running. */
    public synchronized void kill9() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for server " + id + " to die", e);
            }
            LOG.info("server {} killed (SIGKILL, pid {})", id, p.pid());
        }
        paused = false;
    }

    /** SIGSTOP: the process keeps its sockets and memory but runs no code until {@link #resume()}. */
    public synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    private void signal(String sig) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("server " + id + " is not running");
        }
        Cmd.run("kill", "-" + sig, Long.toString(p.pid()));
        LOG.info("server {} sent SIG{} (pid {})", id, sig, p.pid());
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public boolean isPaused() {
        return paused && isAlive();
    }

    /** The exit code of a server that has stopped; empty while it runs or before its first start. */
    public java.util.OptionalInt exitValue() {
        Process p = process;
        return p != null && !p.isAlive() ? java.util.OptionalInt.of(p.exitValue()) : java.util.OptionalInt.empty();
    }

    /** The JVM's pid while running. */
    public Optional<Long> pid() {
        Process p = process;
        return p != null && p.isAlive() ? Optional.of(p.pid()) : Optional.empty();
    }

    /** A four-letter word's answer on the client port, "" when the server does not answer. */
    public String fourLetterWord(String word) {
        return FourLetterWords.ask(address(), Firewall.CLIENT_PORT, word);
    }

    /** srvr's Mode (leader, follower, observer, standalone); empty when not running or not serving. */
    public Optional<String> mode() {
        if (!isAlive() || paused) {
            return Optional.empty();
        }
        return FourLetterWords.mode(fourLetterWord("srvr"));
    }

    /**
     * Fills the data directory's tmpfs: a filler file grows until the file system reports no space left. The
     * server's next write fails. Returns the filler's size in bytes.
     */
    public long fillDisk() {
        Path filler = dataDir().resolve(FILLER);
        byte[] big = new byte[1 << 20];
        byte[] small = new byte[4096];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            written += writeUntilFull(out, big);
            written += writeUntilFull(out, small);
        } catch (IOException e) {
            // the close flushes nothing (unbuffered stream); a failure here is the disk being full, as intended
        }
        LOG.info("server {} disk filled ({} bytes of filler in {})", id, written, dataDir());
        return written;
    }

    private static long writeUntilFull(OutputStream out, byte[] block) {
        long n = 0;
        try {
            while (true) {
                out.write(block);
                n += block.length;
            }
        } catch (IOException full) {
            return n;
        }
    }

    /** Removes the filler file of {@link #fillDisk()}. */
    public void freeDisk() {
        try {
            Files.deleteIfExists(dataDir().resolve(FILLER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the filler of server " + id, e);
        }
        LOG.info("server {} disk freed", id);
    }

    /** The last {@code lines} lines of server.log. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return "server." + id + " (" + kind + ", " + address() + (isAlive() ? paused ? ", paused" : "" : ", down")
                + ")";
    }

    private static final String ZK_LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{ISO8601} - %-5level [%thread:%logger{0}@%line] - %msg%n</pattern></encoder>
              </appender>
              <logger name="org.apache.zookeeper.server.quorum" level="INFO"/>
              <root level="INFO"><appender-ref ref="OUT"/></root>
            </configuration>
            """;
}

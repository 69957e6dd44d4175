package dev.paddock.it.ensemble;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ensemble member as an operator runs it: its own directory with zoo.cfg, a dataDir holding {@code myid}, and
 * {@code bin/paddock-server start-foreground <zoo.cfg>} as a child process whose output goes to {@code server.log}.
 * The launcher execs java, so the child's pid is the server's and {@link #kill9()} is a real SIGKILL.
 */
public final class Member {
    /** The learner's line after a sync, as ZabLearner logs it. */
    private static final Pattern SYNCED = Pattern.compile(
            "(Follower|Observer) (\\d+) synced with leader (\\d+) in epoch (\\d+) by (DIFF|TRUNC|SNAP)");

    public final long sid;
    public final boolean observer;
    public final Path dir;
    public final Path dataDir;
    public final int clientPort;
    final int quorumPort;
    final int electionPort;
    private final Path cfg;
    private final Path log;
    private final Launcher launcher;
    private Process process;
    private int starts;

    Member(long sid, boolean observer, Path dir, int clientPort, int quorumPort, int electionPort, Launcher launcher) {
        this.sid = sid;
        this.observer = observer;
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.clientPort = clientPort;
        this.quorumPort = quorumPort;
        this.electionPort = electionPort;
        this.cfg = dir.resolve("zoo.cfg");
        this.log = dir.resolve("server.log");
        this.launcher = launcher;
    }

    /**
     * Writes zoo.cfg and myid; {@code servers} are the server.N lines shared by every member; without
     * {@code clientPortKeys} the client port is only in this member's server line.
     */
    void writeConfig(List<String> servers, Map<String, String> settings, boolean clientPortKeys)
            throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("myid"), sid + "\n");
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("tickTime", "200");
        keys.put("initLimit", "10");
        keys.put("syncLimit", "5");
        keys.put("dataDir", dataDir.toString());
        if (clientPortKeys) {
            keys.put("clientPort", Integer.toString(clientPort));
            keys.put("clientPortAddress", "127.0.0.1");
        }
        keys.put("4lw.commands.whitelist", "*");
        if (observer) {
            keys.put("peerType", "observer");
        }
        keys.putAll(settings); // a test's own values replace the defaults above
        StringBuilder sb = new StringBuilder();
        keys.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        servers.forEach(s -> sb.append(s).append('\n'));
        Files.writeString(cfg, sb.toString());
    }

    /** Starts the process; does not wait for it to serve. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("server " + sid + " is already running");
        }
        starts++;
        Files.writeString(log, "==== start " + starts + " of server " + sid + " ====\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = launcher.start(dir, cfg, log);
        Processes.register(process);
    }

    /** SIGKILL, and waits for the process to be gone: no shutdown hook, no flush. */
    public synchronized void kill9() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
        Optional<ProcessHandle> daemon;
        try {
            daemon = daemonPid().flatMap(ProcessHandle::of);
        } catch (IOException e) {
            daemon = Optional.empty();
        }
        daemon.filter(h -> h.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false))
                .ifPresent(h -> {
                    h.destroyForcibly();
                    h.onExit().join();
                });
    }

    /** SIGSTOP / SIGCONT: the process keeps its sockets but reads nothing. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String sig) throws IOException, InterruptedException {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("server " + sid + " is not running");
        }
        int rc = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException("kill -" + sig + " " + p.pid() + " exited with " + rc);
        }
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Fails with the log's tail if the process has died on its own. */
    void checkAlive() throws IOException {
        Process p = process;
        if (p != null && !p.isAlive()) {
            throw new IllegalStateException("server " + sid + " exited with " + p.exitValue() + "; log tail:\n"
                    + tail(40));
        }
    }

    /** A four-letter word's answer, or "" when the server does not answer. */
    public String fourLetterWord(String word) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", clientPort), 1000);
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The "Mode:" of {@code srvr} (leader, follower, observer, …), empty when it does not serve. */
    public Optional<String> mode() {
        if (!isAlive()) {
            return Optional.empty();
        }
        for (String line : fourLetterWord("srvr").split("\n")) {
            if (line.startsWith("Mode: ")) {
                return Optional.of(line.substring("Mode: ".length()).trim());
            }
        }
        return Optional.empty();
    }

    /** {@code bin/paddock-server status} for this member's zoo.cfg: exit code and output. */
    public Launcher.Result status() throws IOException, InterruptedException {
        return launcher.run(dir, "status", cfg);
    }

    /**
     * {@code bin/paddock-server start} (in the background, pid file in dataDir): the server is then no child of
     * ours, so its pid is registered for the shutdown hook and {@link #kill9()} kills it by the pid file too.
     */
    public Launcher.Result daemonStart() throws IOException, InterruptedException {
        Launcher.Result r = launcher.run(dir, "start", cfg);
        daemonPid().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(Processes::register));
        return r;
    }

    public Launcher.Result daemonStop() throws IOException, InterruptedException {
        return launcher.run(dir, "stop", cfg);
    }

    /** The pid in the launcher's pid file, if any. */
    public Optional<Long> daemonPid() throws IOException {
        Path pidFile = dataDir.resolve("zookeeper_server.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String text = Files.readString(pidFile).trim();
        return text.matches("\\d+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
    }

    /** Where {@code start} sends the server's log (ZOO_LOG_DIR). */
    public Path daemonLogDir() {
        return dir.resolve("logs");
    }

    public String connectString() {
        return "127.0.0.1:" + clientPort;
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public String tail(int lines) throws IOException {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** How this member synced with a leader, oldest first, from its log lines. */
    public List<SyncLine> syncLines() throws IOException {
        List<SyncLine> out = new ArrayList<>();
        Matcher m = SYNCED.matcher(log());
        while (m.find()) {
            out.add(new SyncLine(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                    m.group(5)));
        }
        return out;
    }

    /** When this member last started serving as leader, from its log's timestamp (same clock and zone as ours). */
    public Optional<Instant> lastLeadingSince() throws IOException {
        Instant last = null;
        for (String line : log().lines().toList()) {
            if (line.contains("Server " + sid + " serving as lead") && line.length() > 23) {
                last = LocalDateTime.parse(line.substring(0, 23), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant();
            }
        }
        return Optional.ofNullable(last);
    }

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    /** One "synced with leader N in epoch E by X" line. */
    public record SyncLine(long learner, long leader, long epoch, String how) {
    }

    @Override
    public String toString() {
        return "server." + sid + (observer ? " (observer)" : "") + " client port " + clientPort;
    }
}

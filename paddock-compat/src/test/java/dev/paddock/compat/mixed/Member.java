package dev.paddock.compat.mixed;

import dev.paddock.compat.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One ensemble member running in a child JVM on the test classpath: Apache ZooKeeper 3.9.3's
 * {@code QuorumPeerMain} or Paddock's {@code PaddockServer}, each reading the zoo.cfg the harness wrote.
 * Child JVMs because ZooKeeper exits the process and keeps static state, and because kill -9 must be possible.
 * A Paddock member may also run in the test JVM ({@link Kind#PADDOCK_IN_PROCESS}): quicker, but without signals or
 * a log of its own.
 */
final class Member {
    enum Kind {
        ZOOKEEPER("org.apache.zookeeper.server.quorum.QuorumPeerMain"),
        PADDOCK("dev.paddock.server.PaddockServer"),
        /** Paddock in the test JVM: cheaper to start; no kill -9, no SIGSTOP, its log goes to the test's output. */
        PADDOCK_IN_PROCESS("");

        final String mainClass;

        Kind(String mainClass) {
            this.mainClass = mainClass;
        }
    }

    final long sid;
    final Kind kind;
    final int clientPort;
    final Path dataDir;
    final Path log;
    private final Process process;
    private final dev.paddock.server.PaddockServer inProcess;
    private volatile boolean inProcessClosed;
    /** Where this incarnation's output starts in {@code log} (a restarted member appends to the same file). */
    private final long logStart;

    private Member(long sid, Kind kind, int clientPort, Path dataDir, Path log, Process process, long logStart) {
        this(sid, kind, clientPort, dataDir, log, process, null, logStart);
    }

    private Member(long sid, Kind kind, int clientPort, Path dataDir, Path log, Process process,
            dev.paddock.server.PaddockServer inProcess, long logStart) {
        this.inProcess = inProcess;
        this.logStart = logStart;
        this.sid = sid;
        this.kind = kind;
        this.clientPort = clientPort;
        this.dataDir = dataDir;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code kind} on {@code zooCfg}; its stdout and stderr (INFO logs) go to {@code log}. */
    static Member start(long sid, Kind kind, int clientPort, Path zooCfg, Path dataDir, Path log,
            List<String> jvmProperties) {
        if (kind == Kind.PADDOCK_IN_PROCESS) {
            try {
                dev.paddock.server.PaddockServer server =
                        dev.paddock.server.PaddockServer.start(dev.paddock.server.ServerConfig.load(zooCfg));
                return new Member(sid, kind, clientPort, dataDir, log, null, server, 0);
            } catch (IOException | dev.paddock.server.ConfigException e) {
                throw new IllegalStateException("in-process Paddock member " + sid + " did not start", e);
            }
        }
        try {
            Path logback = zooCfg.resolveSibling("logback-" + sid + ".xml");
            Files.writeString(logback, ChildJvm.MEMBER_LOGBACK, StandardCharsets.UTF_8);
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            List<String> options = new ArrayList<>();
            options.add("-Dzookeeper.admin.enableServer=false");
            // pauses of the whole JVM (GC, safepoints) show here when a member went silent
            options.add("-Xlog:gc,safepoint:file=" + zooCfg.resolveSibling("jvm-" + sid + ".log") + "::filecount=0");
            options.addAll(jvmProperties);
            Process p = ChildJvm.start(logback, options, log, kind.mainClass, zooCfg.toString());
            return new Member(sid, kind, clientPort, dataDir, log, p, logStart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    boolean alive() {
        return inProcess != null ? !inProcessClosed : process.isAlive();
    }

    /** SIGTERM and wait; falls back to SIGKILL. */
    void stop() {
        if (closeInProcess()) {
            return;
        }
        process.destroy();
        await(false);
    }

    /** Sends a signal by name (STOP, CONT) to the child. */
    void signal(String name) {
        if (inProcess != null) {
            throw new UnsupportedOperationException("signals need a child JVM; " + this + " runs in the test JVM");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** kill -9. */
    void kill() {
        if (closeInProcess()) {
            return;
        }
        process.destroyForcibly();
        await(true);
    }

    /** Closes an in-process member (its stop and kill); false for a child JVM. */
    private boolean closeInProcess() {
        if (inProcess == null) {
            return false;
        }
        if (!inProcessClosed) {
            inProcessClosed = true;
            inProcess.close();
        }
        return true;
    }

    private void await(boolean forced) {
        ChildJvm.awaitExit(process, forced);
    }

    /** The answer to a four-letter word on the client port, or "" while the port is closed. */
    String fourLetterWord(String word) {
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

    /** The "Mode:" of srvr (leader, follower, observer, ...), or "" while not serving. */
    String mode() {
        for (String line : fourLetterWord("srvr").split("\n")) {
            if (line.startsWith("Mode: ")) {
                return line.substring("Mode: ".length()).trim();
            }
        }
        return "";
    }

    /** The "Zxid:" of srvr, or -1 while not serving. */
    long zxid() {
        for (String line : fourLetterWord("srvr").split("\n")) {
            if (line.startsWith("Zxid: ")) {
                return Long.decode(line.substring("Zxid: ".length()).trim());
            }
        }
        return -1;
    }

    /** This incarnation's log output so far ("" for an in-process member: its log is the test's output). */
    String logText() {
        if (inProcess != null) {
            return "";
        }
        try {
            if (!Files.exists(log)) {
                return "";
            }
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logStart, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + "#" + sid + "@" + clientPort;
    }
}

package dev.paddock.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A server under test in its own child JVM: {@code java <flags> -cp <classpath> <main> <zoo.cfg>}. The zoo.cfg
 * is written by the benchmark with a free ephemeral port. CPU time and RSS are read from /proc, heap after a full
 * GC with jcmd. Every process and temporary directory is removed on {@link #close()} and, failing that, by a JVM
 * shutdown hook.
 */
public final class ServerProcess implements AutoCloseable, LoadTarget {
    private static final Set<ServerProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> TEMP_DIRS = ConcurrentHashMap.newKeySet();
    private static final long CLK_TCK = clockTicks();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ServerProcess p : LIVE) {
                p.kill();
            }
            for (Path d : TEMP_DIRS) {
                deleteTree(d);
            }
        }, "paddock-bench-cleanup"));
    }

    private final ServerKind kind;
    private final String classpath;
    private final List<String> jvmFlags;
    private final Path baseDir;
    private final Path dataDir;
    private final boolean ownsBaseDir;
    private Process process;
    private int port;
    private Path logFile;
    private int starts;
    /** Ensemble members: their myid, server.N lines and fixed client port (0 for a standalone server). */
    private long myid;
    private List<String> ensembleLines = List.of();
    /** A TLS client port beside the plain one (0: none), with its zoo.cfg lines. */
    private int securePort;
    private List<String> tlsLines = List.of();
    /** A command the JVM is started under, e.g. {@code taskset -c 1} (empty: none). */
    private List<String> launcher = List.of();

    private ServerProcess(ServerKind kind, String classpath, List<String> jvmFlags, Path baseDir, boolean owns) {
        this.kind = kind;
        this.classpath = classpath;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.ownsBaseDir = owns;
    }

    /** Starts a server of {@code kind} on a fresh temporary dataDir and waits until it answers. */
    public static ServerProcess start(ServerKind kind, String classpath, List<String> jvmFlags) throws IOException {
        return start(kind, classpath, jvmFlags, null);
    }

    /** As {@link #start(ServerKind, String, List)}, with a TLS client port using {@code tls} when it is not null. */
    public static ServerProcess start(ServerKind kind, String classpath, List<String> jvmFlags, TlsFiles tls)
            throws IOException {
        return start(kind, classpath, jvmFlags, tls, List.of());
    }

    /**
     * As {@link #start(ServerKind, String, List, TlsFiles)}, the JVM started under {@code launcher} (a command that
     * execs its arguments, such as {@code taskset -c 1}, so the process id stays the JVM's).
     */
    public static ServerProcess start(ServerKind kind, String classpath, List<String> jvmFlags, TlsFiles tls,
                                      List<String> launcher) throws IOException {
        Path dir = Files.createTempDirectory("paddock-bench-" + kind.name().toLowerCase() + "-");
        TEMP_DIRS.add(dir);
        ServerProcess p = new ServerProcess(kind, classpath, jvmFlags, dir, true);
        p.launcher = List.copyOf(launcher);
        if (tls != null) {
            p.securePort = freePort();
            p.tlsLines = tls.serverLines(p.securePort);
        }
        try {
            p.launch();
            p.awaitServing(60_000);
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /**
     * Starts ensemble member {@code myid} in {@code baseDir} (not removed on close: the ensemble owns it) on a fixed
     * client port, with the ensemble's {@code server.N} lines; waits only until it answers {@code ruok}.
     */
    static ServerProcess startMember(ServerKind kind, String classpath, List<String> jvmFlags, Path baseDir,
                                     long myid, int clientPort, List<String> ensembleLines) throws IOException {
        ServerProcess p = new ServerProcess(kind, classpath, jvmFlags, baseDir, false);
        p.myid = myid;
        p.port = clientPort;
        p.ensembleLines = List.copyOf(ensembleLines);
        try {
            p.launch();
            p.awaitServing(60_000);
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** Starts a killed member again, same ports and dataDir; waits until it answers {@code ruok}. */
    void relaunch() throws IOException {
        launch();
        awaitServing(60_000);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Removes {@code dir} at exit if nobody did before. */
    static void deleteAtExit(Path dir) {
        TEMP_DIRS.add(dir);
    }

    public ServerKind kind() {
        return kind;
    }

    public int port() {
        return port;
    }

    public String connectString() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String connectString(int session) {
        return connectString();
    }

    /** The TLS client port's address; only for a server started with TLS files. */
    public String secureConnectString() {
        if (securePort == 0) {
            throw new IllegalStateException(kind.label() + " was started without a TLS port");
        }
        return "127.0.0.1:" + securePort;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public Path dataDir() {
        return dataDir;
    }

    private void launch() throws IOException {
        Files.createDirectories(dataDir);
        boolean member = myid > 0;
        if (!member) {
            port = freePort();
        }
        starts++;
        Path cfg = baseDir.resolve("zoo.cfg");
        List<String> lines = new ArrayList<>(List.of(
                "tickTime=2000",
                "dataDir=" + dataDir,
                "clientPort=" + port,
                "clientPortAddress=127.0.0.1",
                "maxClientCnxns=0",
                "maxSessionTimeout=60000",
                "admin.enableServer=false",
                "4lw.commands.whitelist=*",
                "autopurge.purgeInterval=0"));
        if (member) {
            // ZooKeeper's sample values; the same for both servers
            lines.add("initLimit=10");
            lines.add("syncLimit=5");
            lines.addAll(ensembleLines);
            Files.writeString(dataDir.resolve("myid"), Long.toString(myid), StandardCharsets.US_ASCII);
        }
        lines.addAll(tlsLines);
        lines.add("");
        Files.writeString(cfg, String.join("\n", lines));
        logFile = baseDir.resolve("server-" + starts + ".log");
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        if (kind == ServerKind.ZOOKEEPER) {
            // Each server logs as its distribution does: ZooKeeper reads a logback.xml (this one stands in for its
            // conf/logback.xml: console, INFO); Paddock without one uses its built-in configuration (console, INFO),
            // which spares it parsing XML at start-up.
            cmd.add("-Dlogback.configurationFile=paddock-bench-server-logback.xml");
        }
        String serverClasspath = ServerClasspath.of(kind, classpath);
        if (kind == ServerKind.PADDOCK) {
            cmd.addAll(ClassDataArchive.flags(serverClasspath)); // as bin/paddock-server starts it
        }
        cmd.add("-cp");
        cmd.add(serverClasspath);
        cmd.add(member ? kind.ensembleMainClass() : kind.mainClass());
        cmd.add(cfg.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).directory(baseDir.toFile());
        process = pb.start();
        LIVE.add(this);
    }

    /** Waits until the server answers {@code ruok} with {@code imok}. */
    public void awaitServing(long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(kind.label() + " exited with " + process.exitValue() + " during start-up; log:\n"
                        + tail(logFile, 40));
            }
            if ("imok".equals(fourLetterWord("ruok", 500))) {
                return;
            }
            sleepMs(5);
        }
        throw new IOException(kind.label() + " did not answer ruok within " + timeoutMs + " ms; log:\n" + tail(logFile, 40));
    }

    /** Sends a four-letter word; returns the answer, or null when the port does not answer. */
    public String fourLetterWord(String word, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** SIGKILLs the server and starts it again on the same dataDir (on a new free port). */
    public long killAndRestart() throws IOException {
        kill();
        long t0 = System.nanoTime();
        launch();
        return t0;
    }

    /** CPU seconds (user + system) the server process has used so far. */
    @Override
    public double cpuSeconds() {
        return cpuSecondsOf(pid());
    }

    /**
     * CPU seconds (user + system) the server's threads have used so far, summed by {@link #threadGroup(String)};
     * empty if unreadable. A thread that ended is no longer counted, so use differences over windows in which the
     * server's threads live on.
     */
    @Override
    public Map<String, Double> threadCpuSeconds() {
        Path tasks = Path.of("/proc", Long.toString(pid()), "task");
        Map<String, Double> groups = new TreeMap<>();
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                groups.merge(threadGroup(comm), cpuTicks(stat) / (double) CLK_TCK, Double::sum);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return groups;
    }

    /**
     * A thread's name (as the kernel keeps it, cut to 15 characters) without its number: "G1 Conc#0" and "G1 Conc#1"
     * are "G1 Conc", "NIOWorkerThread-12" is "NIOWorkerThread", "SyncThread:0" is "SyncThread".
     */
    static String threadGroup(String comm) {
        return THREAD_NUMBER.matcher(comm).replaceFirst("");
    }

    private static final Pattern THREAD_NUMBER = Pattern.compile("[-#:]?\\d+$");

    /** CPU seconds (user + system) this JVM (the benchmark and its load generator) has used so far. */
    public static double ownCpuSeconds() {
        return cpuSecondsOf(ProcessHandle.current().pid());
    }

    /** CPU seconds (user + system) process {@code pid} has used so far, from /proc; NaN if unreadable. */
    static double cpuSecondsOf(long pid) {
        try {
            return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / (double) CLK_TCK;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** utime + stime in clock ticks from a /proc stat line (a process's or a thread's). */
    private static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": state is field 3, utime field 14, stime field 15
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Resident set size in bytes. */
    @Override
    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /** Runs a full GC in the server (jcmd GC.run) and returns the used heap after it, in bytes. */
    public long heapAfterFullGc() throws IOException {
        jcmd("GC.run");
        sleepMs(200);
        String info = jcmd("GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IOException("cannot parse jcmd GC.heap_info output: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    /**
     * The live heap in bytes as {@code jcmd <pid> GC.class_histogram} counts it: it runs a full GC and then sums the
     * objects still reachable (its "Total" line).
     */
    public long liveHeapFromHistogram() throws IOException {
        return histogramTotal(jcmd("GC.class_histogram"));
    }

    /** The bytes of the "Total" line of a class histogram. */
    static long histogramTotal(String histogram) throws IOException {
        Matcher m = HISTOGRAM_TOTAL.matcher(histogram);
        if (!m.find()) {
            throw new IOException("no Total line in jcmd GC.class_histogram output (" + histogram.length() + " chars)");
        }
        return Long.parseLong(m.group(2));
    }

    /** The server's answer to mntr as a map (key TAB value per line); empty if it does not answer. */
    public java.util.Map<String, String> mntr() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        String text = fourLetterWord("mntr", 5_000);
        if (text != null) {
            for (String line : text.split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    out.put(line.substring(0, tab).trim(), line.substring(tab + 1).trim());
                }
            }
        }
        return out;
    }

    private String jcmd(String command) throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String exe = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        Process p = new ProcessBuilder(exe, Long.toString(pid()), command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("jcmd " + command + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The lines of the server's current log that contain {@code needle} (at most 300 characters each). */
    public List<String> logLinesContaining(String needle) {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains(needle)) {
                    out.add(line.length() > 300 ? line.substring(0, 300) : line);
                }
            }
        } catch (IOException e) {
            // no log
        }
        return out;
    }

    /** The server log lines that mention how it stores data (the txn log mode), for the report. */
    public List<String> storageLogLines() {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String l = line.toLowerCase();
                if (l.contains("environment:")) {
                    continue;
                }
                if (l.contains("in-memory") || l.contains("in memory") || l.contains("txn log") || l.contains("txnlog")
                        || l.contains("storage") || l.contains("forcesync") || l.contains("snapshot")
                        || l.contains("started (")) {
                    out.add(line.length() > 300 ? line.substring(0, 300) : line);
                }
            }
        } catch (IOException e) {
            // no log
        }
        return out;
    }

    /** SIGKILL (the JDK's destroyForcibly), then waits for the process to end. */
    void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LIVE.remove(this);
    }

    @Override
    public void close() {
        kill();
        if (ownsBaseDir) {
            deleteTree(baseDir);
            TEMP_DIRS.remove(baseDir);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(s);
        } catch (IOException | RuntimeException | InterruptedException e) {
            return 100;
        }
    }
}

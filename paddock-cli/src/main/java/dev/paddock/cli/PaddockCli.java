package dev.paddock.cli;

import dev.paddock.cli.CliArgs.Parsed;
import dev.paddock.cli.CliArgs.Spec;
import dev.paddock.client.AddWatchMode;
import dev.paddock.client.Acls;
import dev.paddock.client.ClientState;
import dev.paddock.client.EnsembleConfig;
import dev.paddock.client.KeeperException;
import dev.paddock.client.Op;
import dev.paddock.client.PaddockClient;
import dev.paddock.client.PathUtils;
import dev.paddock.client.Results;
import dev.paddock.client.Watcher;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.EventType;
import dev.paddock.jute.KeeperState;
import dev.paddock.jute.WatcherType;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Stat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * Paddock's shell, command-for-command and line-for-line compatible with ZooKeeper 3.9's zkCli.
 *
 * <pre>
 * java -cp ... dev.paddock.cli.PaddockCli [-server host:port[,host:port...][/chroot]] [-timeout ms] [-r]
 *                                        [-waitforconnection] [command args...]
 * </pre>
 *
 * With a command it runs that one command and exits with its status (0 ok, 1 failed, 127 unknown command);
 * otherwise it reads commands interactively (JLine: editing, history, completion of commands and znode paths) or
 * from standard input when that is not a terminal.
 */
public final class PaddockCli {
    static final String VERSION = "3.9.3-paddock-0.1.0";

    /** Every command and its synopsis, as zkCli lists them. */
    static final Map<String, String> COMMANDS = new TreeMap<>();

    static {
        COMMANDS.put("connect", "host:port");
        COMMANDS.put("history", "");
        COMMANDS.put("redo", "cmdno");
        COMMANDS.put("printwatches", "on|off");
        COMMANDS.put("quit", "");
        COMMANDS.put("close", "");
        COMMANDS.put("create", "[-s] [-e] [-c] [-t ttl] path [data] [acl]");
        COMMANDS.put("delete", "[-v version] path");
        COMMANDS.put("deleteall", "path [-b batch size]");
        COMMANDS.put("set", "path data [-s] [-v version] [-b]");
        COMMANDS.put("get", "[-s] [-w] [-b] [-x] path");
        COMMANDS.put("ls", "[-s] [-w] [-R] path");
        COMMANDS.put("getAcl", "[-s] path");
        COMMANDS.put("setAcl", "[-s] [-v version] [-R] path acl");
        COMMANDS.put("stat", "[-w] path");
        COMMANDS.put("sync", "path");
        COMMANDS.put("setquota", "-n|-b|-N|-B val path");
        COMMANDS.put("listquota", "path");
        COMMANDS.put("delquota", "[-n|-b|-N|-B] path");
        COMMANDS.put("addauth", "scheme auth");
        COMMANDS.put("reconfig", "[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]]"
                + " | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]");
        COMMANDS.put("config", "[-c] [-w] [-s]");
        COMMANDS.put("removewatches", "path [-c|-d|-a] [-l]");
        COMMANDS.put("getEphemerals", "path");
        COMMANDS.put("getAllChildrenNumber", "path");
        COMMANDS.put("version", "");
        COMMANDS.put("addWatch", "[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - "
                + "default is PERSISTENT_RECURSIVE");
        COMMANDS.put("whoami", "");
    }

    private static final Spec LS = new Spec().flag("?", "help").flag("s", "stat").flag("w", "watch")
            .flag("R", "recurse");
    private static final Spec CREATE = new Spec().flag("e", "ephemeral").flag("s", "sequential")
            .flag("c", "container").value("t", "ttl");
    private static final Spec GET = new Spec().flag("s", "Print znode stats additionally")
            .flag("w", "Watch for changes on the znode").flag("b", "Output data in base64 format")
            .flag("x", "Output data in hexdump format");
    private static final Spec SET = new Spec().flag("s", "Print znode stats additionally")
            .value("v", "Set with an expected version").flag("b", "Supply data in base64 format");
    private static final Spec STAT = new Spec().flag("w", "watch");
    private static final Spec DELETE = new Spec().value("v", "version");
    private static final Spec DELETEALL = new Spec().value("b", "batch size");
    static final Spec NONE = new Spec();
    private static final Spec CONFIG = new Spec().flag("s", "stats").flag("w", "watch")
            .flag("c", "client connection string");
    private static final Spec RECONFIG = new Spec().flag("s", "stats").value("v", "required current config version")
            .value("file", "path of config file to parse for membership")
            .value("members", "comma-separated list of config strings for non-incremental reconfig")
            .value("add", "comma-separated list of config strings for new servers")
            .value("remove", "comma-separated list of server IDs to remove");
    private static final Spec ADDWATCH = new Spec().value("m", "");
    private static final Spec REMOVEWATCHES = new Spec().flag("c", "child watcher type")
            .flag("d", "data watcher type").flag("p", "persistent watcher type")
            .flag("r", "persistent recursive watcher type").flag("a", "any watcher type")
            .flag("l", "remove locally when there is no server connection");

    /** A failed command: its message goes to stderr, its code becomes the exit status. */
    static final class CliException extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        CliException(String message) {
            this(message, 1);
        }

        CliException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Map<Integer, String> history = new HashMap<>();
    private final boolean readOnly;
    private final int timeout;
    /** The -client-configuration file's properties (zookeeper.client.secure, zookeeper.ssl.*, ...). */
    private final Map<String, String> clientConfig = new HashMap<>();
    private volatile PaddockClient zk;
    private volatile boolean printWatches = true;
    private volatile CountDownLatch connectedLatch = new CountDownLatch(1);
    private String host = "";
    private int commandCount;
    private int exitCode;
    private volatile boolean quitRequested;
    /** As in zkCli, a mode given with -m stays the default for later addWatch commands of the shell. */
    private AddWatchMode addWatchMode = AddWatchMode.PERSISTENT_RECURSIVE;
    private IntConsumer exit = code -> quitRequested = true;
    private volatile EventPrinter eventPrinter;
    private final QuotaCommands quotas;
    private final AccessCommands access;

    /** Where watcher output goes; the interactive shell prints above the prompt. */
    interface EventPrinter {
        void print(String text);
    }

    public PaddockCli(PrintStream out, PrintStream err, int timeoutMs, boolean readOnly) {
        this.out = out;
        this.err = err;
        this.timeout = timeoutMs;
        this.readOnly = readOnly;
        this.eventPrinter = text -> out.println(text);
        this.quotas = new QuotaCommands(out, err);
        this.access = new AccessCommands(out, err);
    }

    boolean quitRequested() {
        return quitRequested;
    }

    /** What {@code quit} does after closing the session (default: stop reading commands). */
    public void setExitHandler(IntConsumer exit) {
        this.exit = exit;
    }

    public int exitCode() {
        return exitCode;
    }

    PrintStream out() {
        return out;
    }

    public PaddockClient client() {
        return zk;
    }

    // ============================================================================================ main

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the shell as its command line asks and returns the exit status: a one-shot command's status, or after
     * {@code quit} or the end of the input, the status of the last command.
     */
    public static int run(String[] args, java.io.InputStream in, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        Map<String, String> opts = new HashMap<>();
        opts.put("server", "localhost:2181");
        opts.put("timeout", "30000");
        List<String> command = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-server", "-timeout", "-client-configuration" -> {
                    if (i + 1 >= args.length) {
                        err.println("Error: no argument found for option " + a);
                        return 2;
                    }
                    opts.put(a.substring(1), args[++i]);
                    continue;
                }
                case "-r" -> {
                    opts.put("readonly", "true");
                    continue;
                }
                case "-waitforconnection" -> {
                    opts.put("waitforconnection", "true");
                    continue;
                }
                default -> {
                }
            }
            if (!a.startsWith("-")) {
                command = new ArrayList<>(List.of(args).subList(i, args.length));
                break;
            }
        }
        int timeoutMs;
        try {
            timeoutMs = Integer.parseInt(opts.get("timeout"));
        } catch (NumberFormatException e) {
            err.println("Error: -timeout needs a number of milliseconds: " + opts.get("timeout"));
            return 2;
        }
        PaddockCli cli = new PaddockCli(out, err, timeoutMs, opts.containsKey("readonly"));
        if (opts.containsKey("client-configuration")) {
            java.util.Properties props = new java.util.Properties();
            try (java.io.Reader r = java.nio.file.Files.newBufferedReader(
                    java.nio.file.Path.of(opts.get("client-configuration")))) {
                props.load(r);
            } catch (IOException | RuntimeException e) {
                err.println("Error: cannot read -client-configuration " + opts.get("client-configuration") + ": "
                        + e.getMessage());
                return 2;
            }
            for (String k : props.stringPropertyNames()) {
                cli.clientConfig.put(k, props.getProperty(k).trim());
            }
        }
        out.println("Connecting to " + opts.get("server"));
        try {
            cli.connect(opts.get("server"));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
        try {
            if (command != null || opts.containsKey("waitforconnection")) {
                // Wait for the session so that its SyncConnected event comes before the command's output.
                if (!cli.awaitConnected(timeoutMs) && opts.containsKey("waitforconnection")) {
                    err.println("KeeperErrorCode = ConnectionLoss");
                    return 1;
                }
            }
            if (command != null) {
                cli.processCmd(command);
                return cli.exitCode();
            }
            out.println("Welcome to ZooKeeper!");
            if (in == System.in && System.console() != null) {
                out.println("JLine support is enabled");
                new InteractiveShell(cli).run();
            } else {
                out.println("JLine support is disabled");
                BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while (!cli.quitRequested && (line = br.readLine()) != null) {
                    cli.executeLine(line);
                }
            }
            return cli.exitCode();
        } finally {
            // zkCli exits without closing the session; we close it (its ephemerals go at once) but, as there,
            // nothing more is printed.
            cli.printWatches = false;
            cli.closeQuietly();
        }
    }

    // ============================================================================================ connection

    /** Opens a new session (closing the current one), as the {@code connect} command does. */
    public void connect(String newHost) throws IOException, InterruptedException {
        if (zk != null && zk.getState().isAlive()) {
            zk.close();
        }
        host = newHost;
        connectedLatch = new CountDownLatch(1);
        CountDownLatch latch = connectedLatch;
        Watcher w = event -> {
            if (printWatches) {
                eventPrinter.print("\nWATCHER::");
                eventPrinter.print("\n" + event);
            }
            if (event.type() == EventType.NONE && event.state() == KeeperState.SYNC_CONNECTED) {
                latch.countDown();
            }
        };
        zk = PaddockClient.builder(newHost).sessionTimeout(timeout).watcher(w).canBeReadOnly(readOnly)
                .properties(clientConfig).build();
    }

    /** Waits until the session is up and its SyncConnected event has been printed. */
    public boolean awaitConnected(long ms) throws InterruptedException {
        return connectedLatch.await(ms, TimeUnit.MILLISECONDS);
    }

    void setEventPrinter(EventPrinter p) {
        this.eventPrinter = p;
    }

    void closeQuietly() {
        PaddockClient c = zk;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    String prompt() {
        return "[zk: " + host + "(" + stateName() + ") " + commandCount + "] ";
    }

    private String stateName() {
        PaddockClient c = zk;
        if (c == null) {
            return "NOT_CONNECTED";
        }
        ClientState s = c.getState();
        return s == ClientState.CONNECTED_READ_ONLY ? "CONNECTEDREADONLY" : s.name();
    }

    // ============================================================================================ lines

    /** Runs one line typed at the prompt (empty lines are ignored and not counted). */
    public void executeLine(String line) throws InterruptedException, IOException {
        if (line.isEmpty()) {
            return;
        }
        List<String> words = CliArgs.split(line);
        history.put(commandCount, line);
        if (!words.isEmpty()) {
            processCmd(words);
        }
        commandCount++;
    }

    /** Runs a command; failures are printed on stderr and set {@link #exitCode()}. */
    public boolean processCmd(List<String> words) throws InterruptedException, IOException {
        try {
            boolean watch = processZkCmd(words);
            exitCode = 0;
            return watch;
        } catch (CliException e) {
            exitCode = e.exitCode;
            err.println(e.getMessage());
            return false;
        }
    }

    private void usage() {
        err.println("ZooKeeper -server host:port -client-configuration properties-file cmd args");
        for (Map.Entry<String, String> e : COMMANDS.entrySet()) {
            err.println("\t" + e.getKey() + " " + e.getValue());
        }
    }

    private boolean processZkCmd(List<String> words) throws CliException, InterruptedException, IOException {
        String[] args = words.toArray(new String[0]);
        String cmd = args.length > 0 ? args[0] : null;
        if (cmd == null) {
            usage();
            throw new CliException("No command entered");
        }
        if (!COMMANDS.containsKey(cmd)) {
            usage();
            throw new CliException("Command not found: Command not found " + cmd, 127);
        }
        switch (cmd) {
            case "quit" -> {
                closeQuietly();
                exit.accept(exitCode);
                return false;
            }
            case "redo" -> {
                if (args.length >= 2) {
                    int i;
                    try {
                        i = Integer.decode(args[1]);
                    } catch (NumberFormatException e) {
                        throw new CliException("For input string: \"" + args[1] + "\"");
                    }
                    if (commandCount <= i || i < 0) {
                        throw new CliException("Command index out of range");
                    }
                    List<String> again = CliArgs.split(history.get(i));
                    if (!again.isEmpty() && again.get(0).equals("redo")) {
                        throw new CliException("No redoing redos");
                    }
                    history.put(commandCount, history.get(i));
                    processCmd(again);
                }
            }
            case "history" -> {
                for (int i = commandCount - 10; i <= commandCount; ++i) {
                    if (i >= 0) {
                        out.println(i + " - " + history.get(i));
                    }
                }
            }
            case "printwatches" -> {
                if (args.length == 1) {
                    out.println("printwatches is " + (printWatches ? "on" : "off"));
                } else {
                    printWatches = args[1].equals("on");
                }
            }
            case "connect" -> {
                try {
                    connect(args.length >= 2 ? args[1] : host);
                } catch (IllegalArgumentException e) {
                    throw new CliException(e.getMessage());
                }
            }
            default -> {
            }
        }
        PaddockClient c = zk;
        if (c == null || !c.getState().isAlive()) {
            out.println("Not connected");
            return false;
        }
        return runCommand(c, cmd, args);
    }

    // ============================================================================================ commands

    static Parsed parse(Spec spec, String[] args) throws CliException {
        try {
            return CliArgs.parse(spec, args);
        } catch (CliArgs.ParseError e) {
            throw new CliException(e.getMessage());
        }
    }

    static String usage(String cmd) {
        return cmd + " " + COMMANDS.get(cmd);
    }

    private static String usageWithOptions(String cmd, Spec spec) {
        return usage(cmd) + System.lineSeparator() + spec.help() + System.lineSeparator();
    }

    private CliException wrap(KeeperException e) {
        String p = e.path();
        String msg = switch (e.code()) {
            case NONODE -> "Node does not exist: " + p;
            case NOCHILDRENFOREPHEMERALS -> "Ephemerals cannot have children: " + p;
            case NODEEXISTS -> "Node already exists: " + p;
            case NOTEMPTY -> "Node not empty: " + p;
            case NOTREADONLY -> "Not a read-only call: " + p;
            case INVALIDACL -> "Acl is not valid : " + p;
            case NOAUTH -> "Insufficient permission : " + p;
            case BADARGUMENTS -> "Arguments are not valid : " + p;
            case BADVERSION -> "version No is not valid : " + p;
            case RECONFIGINPROGRESS -> "Another reconfiguration is in progress -- concurrent reconfigs not supported"
                    + " (yet)";
            case NEWCONFIGNOQUORUM -> "No quorum of new config is connected and up-to-date with the leader of last "
                    + "commmitted config - try invoking reconfiguration after new servers are connected and synced";
            case QUOTAEXCEEDED -> "Quota has exceeded : " + p;
            default -> e.getMessage();
        };
        return new CliException(msg);
    }

    /** Re-reads the words with a third positional word taken as the old-style watch flag. */
    private Parsed legacyWatch(Spec spec, String[] args, Parsed p, String cmd, String modern) throws CliException {
        if (p.argCount() > 2) {
            String[] copy = args.clone();
            copy[2] = "-w";
            err.println("'" + cmd + " path [watch]' has been deprecated. Please use '" + modern + "' instead.");
            return parse(spec, copy);
        }
        return p;
    }

    private boolean runCommand(PaddockClient c, String cmd, String[] args) throws CliException,
            InterruptedException {
        try {
            return switch (cmd) {
                case "ls" -> ls(c, args);
                case "create" -> create(c, args);
                case "get" -> get(c, args);
                case "set" -> set(c, args);
                case "stat" -> stat(c, args);
                case "delete" -> delete(c, args);
                case "deleteall" -> deleteAll(c, args);
                case "getAcl" -> access.getAcl(c, args);
                case "setAcl" -> access.setAcl(c, args);
                case "addauth" -> access.addAuth(c, args);
                case "sync" -> sync(c, args);
                case "config" -> config(c, args);
                case "whoami" -> access.whoami(c);
                case "getEphemerals" -> getEphemerals(c, args);
                case "getAllChildrenNumber" -> getAllChildrenNumber(c, args);
                case "addWatch" -> addWatch(c, args);
                case "removewatches" -> removeWatches(c, args);
                case "close" -> {
                    c.close();
                    yield false;
                }
                case "version" -> {
                    if (parse(NONE, args).argCount() > 1) {
                        throw new CliException(usage("version"));
                    }
                    out.println("ZooKeeper CLI version: " + VERSION);
                    yield false;
                }
                case "setquota" -> quotas.setQuota(c, args);
                case "listquota" -> quotas.listQuota(c, args);
                case "delquota" -> quotas.delQuota(c, args);
                case "reconfig" -> reconfig(c, args);
                default -> false;
            };
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        } catch (KeeperException e) {
            throw wrap(e);
        }
    }

    private boolean ls(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(LS, args);
        if (p.has("?")) {
            out.println("usage: ls [options] path");
            out.println(LS.help());
        }
        p = legacyWatch(LS, args, p, "ls", "ls [-w] path");
        if (p.argCount() < 2) {
            throw new CliException(usage("ls"));
        }
        String path = p.arg(1);
        boolean watch = p.has("w");
        if (p.has("R")) {
            PathUtils.validatePath(path);
            c.getData(path, watch);
            out.println(path);
            visitChildren(c, path, watch, child -> out.println(child));
        } else if (p.has("s")) {
            Results.Children ch = c.getChildren2(path, watch);
            printChildren(ch.children());
            Formats.printStat(out, ch.stat());
        } else {
            printChildren(c.getChildren(path, watch));
        }
        return watch;
    }

    interface PathVisitor {
        void visit(String path) throws KeeperException, InterruptedException;
    }

    /** Depth-first below {@code path} (excluded): each node's children, sorted, then each child's subtree. */
    static void visitChildren(PaddockClient c, String path, boolean watch, PathVisitor v)
            throws KeeperException, InterruptedException {
        List<String> children;
        try {
            children = new ArrayList<>(c.getChildren(path, watch));
        } catch (KeeperException.NoNodeException e) {
            return;
        }
        Collections.sort(children);
        String prefix = path.equals("/") ? "/" : path + "/";
        for (String child : children) {
            v.visit(prefix + child);
        }
        for (String child : children) {
            visitChildren(c, prefix + child, watch, v);
        }
    }

    private void printChildren(List<String> children) {
        List<String> sorted = new ArrayList<>(children);
        Collections.sort(sorted);
        out.print("[" + String.join(", ", sorted) + "]\n"); // one write: a watch event printed meanwhile stays whole
    }

    private boolean create(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(CREATE, args);
        if (p.argCount() < 2) {
            throw new CliException(usage("create"));
        }
        boolean e = p.has("e");
        boolean s = p.has("s");
        boolean con = p.has("c");
        boolean t = p.has("t");
        if (con && (e || s)) {
            throw new CliException("-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.");
        }
        long ttl;
        try {
            ttl = t ? Long.parseLong(p.value("t")) : 0;
        } catch (NumberFormatException ex) {
            throw new CliException("-t argument must be a long value");
        }
        if (t && e) {
            throw new CliException("TTLs cannot be used with Ephemeral znodes");
        }
        if (t && con) {
            throw new CliException("TTLs cannot be used with Container znodes");
        }
        CreateMode mode;
        if (e && s) {
            mode = CreateMode.EPHEMERAL_SEQUENTIAL;
        } else if (e) {
            mode = CreateMode.EPHEMERAL;
        } else if (s) {
            mode = t ? CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL : CreateMode.PERSISTENT_SEQUENTIAL;
        } else if (con) {
            mode = CreateMode.CONTAINER;
        } else {
            mode = t ? CreateMode.PERSISTENT_WITH_TTL : CreateMode.PERSISTENT;
        }
        if (t && (ttl <= 0 || ttl > PaddockClient.MAX_TTL)) {
            throw new CliException("ttl must be positive and cannot be larger than: " + PaddockClient.MAX_TTL);
        }
        String path = p.arg(1);
        byte[] data = p.argCount() > 2 ? p.arg(2).getBytes(StandardCharsets.UTF_8) : null;
        List<ACL> acl = p.argCount() > 3 ? Formats.parseAcl(p.arg(3), err) : Acls.OPEN_ACL_UNSAFE;
        try {
            String created = t ? c.create2(path, data, acl, mode, ttl).path() : c.create(path, data, acl, mode);
            err.println("Created " + created);
        } catch (KeeperException.EphemeralOnLocalSessionException ex) {
            err.println("Unable to create ephemeral node on a local session");
            throw wrap(ex);
        } catch (KeeperException.InvalidACLException ex) {
            err.println(ex.getMessage());
            throw wrap(ex);
        }
        return true;
    }

    private boolean get(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(GET, args);
        if (p.argCount() < 2) {
            throw new CliException(usageWithOptions("get", GET));
        }
        p = legacyWatch(GET, args, p, "get", "get [-s] [-w] path");
        boolean watch = p.has("w");
        Results.NodeData d = c.getData(p.arg(1), watch);
        byte[] data = d.data() == null ? "null".getBytes(StandardCharsets.UTF_8) : d.data();
        String text;
        if (p.has("x")) {
            text = Formats.hexDump(data);
        } else if (p.has("b")) {
            text = Base64.getEncoder().encodeToString(data);
        } else {
            text = new String(data, StandardCharsets.UTF_8);
        }
        out.println(text);
        if (p.has("s")) {
            Formats.printStat(out, d.stat());
        }
        return watch;
    }

    private boolean set(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(SET, args);
        if (p.argCount() < 3) {
            throw new CliException(usageWithOptions("set", SET));
        }
        byte[] data = p.has("b") ? Base64.getDecoder().decode(p.arg(2)) : p.arg(2).getBytes(StandardCharsets.UTF_8);
        int version = p.has("v") ? parseInt(p.value("v")) : -1;
        Stat st = c.setData(p.arg(1), data, version);
        if (p.has("s")) {
            Formats.printStat(out, st);
        }
        return false;
    }

    static int parseInt(String s) throws CliException {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new CliException("For input string: \"" + s + "\"");
        }
    }

    private boolean stat(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(STAT, args);
        if (p.argCount() < 2) {
            throw new CliException(usage("stat"));
        }
        p = legacyWatch(STAT, args, p, "stat", "stat [-w] path");
        String path = p.arg(1);
        boolean watch = p.has("w");
        Stat st = c.exists(path, watch);
        if (st == null) {
            throw wrap(new KeeperException.NoNodeException(path));
        }
        Formats.printStat(out, st);
        return watch;
    }

    private boolean delete(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(DELETE, args);
        if (p.argCount() < 2) {
            throw new CliException(usage("delete"));
        }
        if (p.argCount() > 2) {
            err.println("'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead.");
        }
        int version = p.has("v") ? parseInt(p.value("v")) : -1;
        c.delete(p.arg(1), version);
        return false;
    }

    private boolean deleteAll(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(DELETEALL, args);
        if (p.argCount() < 2) {
            throw new CliException(usage("deleteall"));
        }
        int batch;
        try {
            batch = p.has("b") ? Integer.parseInt(p.value("b")) : 1000;
        } catch (NumberFormatException e) {
            throw new CliException("-b argument must be an int value");
        }
        String root = p.arg(1);
        PathUtils.validatePath(root);
        List<String> tree = new ArrayList<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        queue.add(root);
        tree.add(root);
        while (!queue.isEmpty()) {
            String node = queue.poll();
            for (String child : c.getChildren(node, false)) {
                String cp = (node.equals("/") ? "" : node) + "/" + child;
                queue.add(cp);
                tree.add(cp);
            }
        }
        boolean ok = true;
        if (batch > 0) {
            List<Op> ops = new ArrayList<>();
            for (int i = tree.size() - 1; i >= 0; i--) {
                ops.add(Op.delete(tree.get(i), -1));
                if (ops.size() == batch || i == 0) {
                    try {
                        c.multi(ops);
                    } catch (KeeperException e) {
                        ok = false;
                        break;
                    }
                    ops = new ArrayList<>();
                }
            }
        } else {
            for (int i = tree.size() - 1; i >= 0; i--) {
                c.delete(tree.get(i), -1);
            }
        }
        if (!ok) {
            err.println("Failed to delete some node(s) in the subtree!");
        }
        return false;
    }

    private boolean sync(PaddockClient c, String[] args) throws CliException, InterruptedException {
        Parsed p = parse(NONE, args);
        if (p.argCount() < 2) {
            throw new CliException(usage("sync"));
        }
        try {
            c.syncAsync(p.arg(1)).get(30, TimeUnit.SECONDS);
            out.println("Sync is OK");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KeeperException ke) {
                out.println("Sync has failed. rc=" + ke.code().code);
            } else {
                throw new CliException(String.valueOf(e.getCause()));
            }
        } catch (TimeoutException e) {
            throw new CliException(null);
        }
        return false;
    }

    private boolean config(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(CONFIG, args);
        boolean watch = p.has("w");
        Results.NodeData d = c.getConfig(watch);
        String text = d.data() == null ? "null" : new String(d.data(), StandardCharsets.UTF_8);
        out.println(p.has("c") ? EnsembleConfig.clientConfigString(text) : text);
        if (p.has("s")) {
            Formats.printStat(out, d.stat());
        }
        return watch;
    }

    private boolean reconfig(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Reconfig r = Reconfig.parse(parse(RECONFIG, args), usage("reconfig"));
        Results.NodeData d = c.reconfig(r.joining(), r.leaving(), r.members(), r.fromConfig());
        out.println("Committed new configuration:\n" + new String(d.data(), StandardCharsets.UTF_8));
        if (r.stat()) {
            Formats.printStat(out, d.stat());
        }
        return false;
    }

    private boolean getEphemerals(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(NONE, args);
        List<String> eph = p.argCount() < 2 ? c.getEphemerals() : c.getEphemerals(p.arg(1));
        out.println(eph);
        return false;
    }

    private boolean getAllChildrenNumber(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(NONE, args);
        if (p.argCount() < 2) {
            throw new CliException(usage("getAllChildrenNumber"));
        }
        out.println(c.getAllChildrenNumber(p.arg(1)));
        return false;
    }

    private boolean addWatch(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(ADDWATCH, args);
        if (p.argCount() != 2) {
            throw new CliException(usage("addWatch"));
        }
        if (p.has("m")) {
            try {
                addWatchMode = AddWatchMode.valueOf(p.value("m").toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new CliException(usage("addWatch"));
            }
        }
        c.addWatch(p.arg(1), addWatchMode);
        return false;
    }

    private boolean removeWatches(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(REMOVEWATCHES, args);
        if (p.argCount() < 2) {
            throw new CliException(usage("removewatches"));
        }
        WatcherType type = WatcherType.ANY;
        if (p.has("c")) {
            type = WatcherType.CHILDREN;
        } else if (p.has("d")) {
            type = WatcherType.DATA;
        } else if (p.has("p")) {
            type = WatcherType.PERSISTENT;
        } else if (p.has("r")) {
            type = WatcherType.PERSISTENT_RECURSIVE;
        }
        c.removeAllWatches(p.arg(1), type, p.has("l"));
        return true;
    }

    /** Command names, for completion. */
    static List<String> commandNames() {
        return new ArrayList<>(COMMANDS.keySet());
    }
}

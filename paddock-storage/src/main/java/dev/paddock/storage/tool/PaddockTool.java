package dev.paddock.storage.tool;

import dev.paddock.core.tree.DataNode;
import dev.paddock.jute.Xids;
import dev.paddock.storage.LogReader;
import dev.paddock.storage.Purge;
import dev.paddock.storage.Recovery;
import dev.paddock.storage.Snapshots;
import dev.paddock.storage.Storage;
import dev.paddock.storage.StorageException;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.RealDisk;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/paddock-tool}: look inside and look after a data directory. */
@Command(name = "paddock-tool", mixinStandardHelpOptions = true, version = "paddock-tool 0.1.0",
        description = "Inspect and maintain Paddock data directories.",
        subcommands = {PaddockTool.LogDump.class, PaddockTool.SnapDump.class, PaddockTool.Verify.class,
                PaddockTool.PurgeCmd.class})
public final class PaddockTool implements Callable<Integer> {
    static PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new PaddockTool())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("paddock-tool: " + e.getMessage());
                    return 1;
                })
                .execute(args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return 2;
    }

    /** A data directory given either as dataDir or as its paddock-v1 subdirectory. */
    static Disk dir(Path p) throws IOException {
        Path d = Files.isDirectory(p.resolve(Storage.SUBDIR)) ? p.resolve(Storage.SUBDIR) : p;
        if (!Files.isDirectory(d)) {
            throw new IOException("no such directory: " + p);
        }
        return new RealDisk(d, false);
    }

    @Command(name = "logdump", description = "Print every transaction of a log file, one per line.")
    static final class LogDump implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws IOException {
            Disk disk = new RealDisk(file.toAbsolutePath().getParent(), false);
            String name = file.getFileName().toString();
            out.println("Paddock transaction log " + file + " (format version 1)");
            LogReader.Scan scan = LogReader.scan(disk, name, t -> out.println(TxnText.line(t)));
            out.println("EOF reached after " + scan.records() + " txns.");
            if (!scan.clean()) {
                out.println((scan.tornTail() ? "Torn tail" : "CORRUPTION") + " at offset " + scan.badOffset() + ": "
                        + scan.problem());
                return scan.tornTail() ? 0 : 1;
            }
            return 0;
        }
    }

    @Command(name = "snapdump", description = "Print every node and session of a snapshot.")
    static final class SnapDump implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "-d", description = "also print each node's data")
        boolean data;

        @Override
        public Integer call() throws IOException {
            Disk disk = new RealDisk(file.toAbsolutePath().getParent(), false);
            Snapshots.Loaded s = Snapshots.read(disk, file.getFileName().toString());
            out.println("Paddock snapshot " + file + " at zxid " + Xids.hex(s.zxid()));
            for (Map.Entry<String, DataNode> e : new TreeMap<>(s.tree().nodes()).entrySet()) {
                DataNode n = e.getValue();
                var st = n.toStat();
                out.println(e.getKey());
                out.println("  cZxid = " + Xids.hex(st.czxid()) + "\n  ctime = " + st.ctime()
                        + "\n  mZxid = " + Xids.hex(st.mzxid()) + "\n  mtime = " + st.mtime()
                        + "\n  pZxid = " + Xids.hex(st.pzxid()) + "\n  cversion = " + st.cversion()
                        + "\n  dataVersion = " + st.version() + "\n  aclVersion = " + st.aversion()
                        + "\n  ephemeralOwner = " + Xids.hex(n.ephemeralOwner()) + "\n  dataLength = " + st.dataLength());
                if (data && n.data() != null) {
                    out.println("  data = " + new String(n.data(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            out.println("Session Details (sid, timeout, ephemeralCount):");
            for (Map.Entry<Long, Integer> e : new TreeMap<>(s.sessions()).entrySet()) {
                out.println(Xids.hex(e.getKey()) + ", " + e.getValue() + ", " + s.tree().ephemerals(e.getKey()).size());
            }
            out.println("----\nLast zxid: " + Xids.hex(s.zxid()) + "\nNodes: " + s.nodes() + "\nSessions: "
                    + s.sessions().size());
            return 0;
        }
    }

    @Command(name = "verify", description = "Check a data directory: snapshots, logs, and that recovery works. Changes nothing.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "DATADIR")
        Path dataDir;

        @Option(names = "--log-dir", description = "dataLogDir, when it differs from DATADIR")
        Path logDir;

        @Override
        public Integer call() throws IOException {
            Disk snaps = dir(dataDir);
            Disk logs = logDir == null ? snaps : dir(logDir);
            int problems = 0;
            for (String s : Recovery.snapshotFiles(snaps)) {
                try {
                    Snapshots.Loaded l = Snapshots.read(snaps, s);
                    out.println("snapshot " + s + ": ok, zxid " + Xids.hex(l.zxid()) + ", " + l.nodes() + " nodes, "
                            + l.sessions().size() + " sessions");
                } catch (StorageException e) {
                    out.println("snapshot " + s + ": BAD: " + e.getMessage());
                    problems++;
                }
            }
            for (String l : Recovery.logFiles(logs)) {
                LogReader.Scan scan = LogReader.scan(logs, l, t -> { });
                String range = scan.records() == 0 ? "no transactions"
                        : scan.records() + " txns, " + Xids.hex(scan.firstZxid()) + ".." + Xids.hex(scan.lastZxid());
                if (scan.clean()) {
                    out.println("log " + l + ": ok, " + range);
                } else {
                    out.println("log " + l + ": " + range + "; " + (scan.tornTail() ? "torn tail" : "CORRUPT")
                            + " at offset " + scan.badOffset() + " (" + scan.problem() + ")");
                    problems += scan.tornTail() ? 0 : 1;
                }
            }
            try {
                Recovery.Result r = Recovery.recover(snaps, logs, new Recovery.Options(false, false, true));
                out.println("recovery: ok, would restore zxid " + Xids.hex(r.lastZxid()) + " with "
                        + r.tree().nodeCount() + " nodes and " + r.sessions().size() + " sessions");
            } catch (StorageException e) {
                out.println("recovery: WOULD FAIL: " + e.getMessage());
                problems++;
            }
            out.println(problems == 0 ? "verify: no problems found" : "verify: " + problems + " problem(s) found");
            return problems == 0 ? 0 : 1;
        }
    }

    @Command(name = "purge", description = "Delete old snapshots and logs, keeping the newest -n snapshots (at least 3).")
    static final class PurgeCmd implements Callable<Integer> {
        @Parameters(paramLabel = "DATADIR")
        Path dataDir;

        @Option(names = "--log-dir")
        Path logDir;

        @Option(names = "-n", defaultValue = "3", description = "snapshots to keep (default 3, minimum 3)")
        int retain;

        @Override
        public Integer call() throws IOException {
            Disk snaps = dir(dataDir);
            Disk logs = logDir == null ? snaps : dir(logDir);
            Purge.Result r = Purge.purge(snaps, logs, retain);
            r.deletedSnapshots().forEach(s -> out.println("deleted " + s));
            r.deletedLogs().forEach(s -> out.println("deleted " + s));
            out.println("purge: removed " + r.deletedSnapshots().size() + " snapshot(s) and " + r.deletedLogs().size()
                    + " log file(s)");
            return 0;
        }
    }
}

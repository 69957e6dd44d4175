package dev.paddock.storage;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.txn.CreateTxn;
import dev.paddock.jute.txn.TxnHeader;
import dev.paddock.storage.disk.RealDisk;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Run by hand (not a unit test): {@code write DIR NODES} writes a snapshot of NODES znodes with 32-byte data
 * (1000 children per parent); {@code read DIR [RUNS]} times {@link Snapshots#read} a few times and prints the
 * peak heap used during each read (summed peak of the heap pools, reset after a full GC) and the heap the tree
 * keeps. {@code writelog DIR TXNS BYTES} writes one log file of TXNS creates with BYTES of data each;
 * {@code scanlog DIR [RUNS]} times {@link LogReader#scan} of it the same way.
 */
public final class RestoreTiming {
    private RestoreTiming() {
    }

    public static void main(String[] args) throws Exception {
        RealDisk disk = new RealDisk(Path.of(args[1]), false);
        if (args[0].equals("write")) {
            int nodes = Integer.parseInt(args[2]);
            DataTree tree = new DataTree();
            byte[] data = new byte[32];
            int made = 0;
            for (int p = 0; made < nodes; p++) {
                String parent = "/p" + p;
                tree.createNode(parent, data, DataTree.OPEN_ACL, 0, -1, made + 1, 0);
                made++;
                for (int c = 0; c < 1000 && made < nodes; c++) {
                    tree.createNode(parent + "/c" + c, data, DataTree.OPEN_ACL, 0, -1, made + 1, 0);
                    made++;
                }
            }
            long t0 = System.nanoTime();
            String name = Snapshots.write(disk, tree, Map.of(), made);
            System.out.printf("wrote %s (%d nodes) in %d ms%n", name, made, (System.nanoTime() - t0) / 1_000_000);
            return;
        }
        if (args[0].equals("writelog")) {
            int txns = Integer.parseInt(args[2]);
            byte[] data = new byte[Integer.parseInt(args[3])];
            try (TxnLog log = new TxnLog(disk, 64 << 20)) {
                for (int i = 1; i <= txns; i++) {
                    log.append(List.of(new LoggedTxn(new TxnHeader(1, i, i, i, OpCode.CREATE.code),
                            new CreateTxn("/n" + i, data, DataTree.OPEN_ACL, false, i))));
                }
                log.sync();
            }
            return;
        }
        boolean snapshot = args[0].equals("read");
        String name = snapshot ? Recovery.snapshotFiles(disk).get(0) : Recovery.logFiles(disk).get(0);
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        for (int i = 0; i < runs; i++) {
            System.gc();
            long base = used(heap);
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long gc0 = gcMs();
            long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int[] records = new int[1];
            Object loaded = snapshot ? Snapshots.read(disk, name) : LogReader.scan(disk, name, t -> records[0]++);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long cpuMs = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1_000_000;
            long gcMs = gcMs() - gc0;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.gc();
            long kept = used(heap) - base;
            System.out.printf("read %d %s in %d ms (thread cpu %d ms, gc %d ms); peak heap %d MB (base %d MB), "
                    + "tree keeps %d MB, committed %d MB%n",
                    snapshot ? ((Snapshots.Loaded) loaded).nodes() : records[0], snapshot ? "nodes" : "txns", ms,
                    cpuMs, gcMs, peak >> 20, base >> 20, kept >> 20,
                    Runtime.getRuntime().totalMemory() >> 20);
            loaded = null;
        }
        // the process's peak resident set (Linux): what the restart cost the machine
        Path status = Path.of("/proc/self/status");
        if (java.nio.file.Files.exists(status)) {
            java.nio.file.Files.readAllLines(status).stream()
                    .filter(l -> l.startsWith("VmHWM") || l.startsWith("VmRSS")).forEach(System.out::println);
        }
    }

    private static long gcMs() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> g.getCollectionTime()).sum();
    }

    private static long used(List<MemoryPoolMXBean> heap) {
        return heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }
}

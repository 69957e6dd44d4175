package dev.paddock.storage;

import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.disk.RealDisk;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Run by hand (not a unit test): {@code write DIR NODES} writes a snapshot of NODES znodes with 32-byte data
 * (1000 children per parent); {@code read DIR} times {@link Snapshots#read} a few times and prints the peak
 * heap used during each read (summed peak of the heap pools, reset after a full GC) and the heap the tree keeps.
 */
public final class SnapshotReadTiming {
    private SnapshotReadTiming() {
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
        String name = Recovery.snapshotFiles(disk).get(0);
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
            Snapshots.Loaded loaded = Snapshots.read(disk, name);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long cpuMs = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1_000_000;
            long gcMs = gcMs() - gc0;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.gc();
            long kept = used(heap) - base;
            System.out.printf("read %d nodes in %d ms (thread cpu %d ms, gc %d ms); peak heap %d MB (base %d MB), tree keeps %d MB, committed %d MB%n",
                    loaded.nodes(), ms, cpuMs, gcMs, peak >> 20, base >> 20, kept >> 20,
                    Runtime.getRuntime().totalMemory() >> 20);
            loaded = null;
        }
        // the process's peak resident set (Linux): what the restart cost the machine
        Path status = Path.of("/proc/self/status");
        if (java.nio.file.Files.exists(status)) {
            java.nio.file.Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM") || l.startsWith("VmRSS"))
                    .forEach(System.out::println);
        }
    }

    private static long gcMs() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> g.getCollectionTime()).sum();
    }

    private static long used(List<MemoryPoolMXBean> heap) {
        return heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }
}

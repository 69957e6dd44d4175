package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.JuteOutput;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LogReader#scan} slides a window over the log instead of holding the file: whatever the window's chunk,
 * it must find the same records, and tell a torn tail from corruption the same way.
 */
class LogScanWindowTest {
    private static final int[] CHUNKS = {1, 13, 200, 4096, 1 << 20};
    private final SimDisk disk = new SimDisk(3);

    /** One log file of a few hundred records of varied sizes; returns its name. */
    private String log() throws IOException {
        Storage s = new Storage(disk, disk, new Storage.Config(1_000_000, 4096, true,
                new Recovery.Options(false, false)), 42);
        s.snapshot(new DataTree(), Map.of(), 0);
        StorageTest.run(new Workload(new Random(11), new DataTree(), Map.of()), s, 400, false);
        s.close();
        List<String> logs = Recovery.logFiles(disk);
        assertThat(logs).hasSize(1);
        return logs.get(0);
    }

    private record Seen(LogReader.Scan scan, List<String> txns) {
    }

    private Seen scan(String name, long skipThrough, int chunk) throws IOException {
        List<String> txns = new ArrayList<>();
        LogReader.Scan scan = LogReader.scan(disk, name, skipThrough, t -> {
            JuteOutput out = new JuteOutput(256);
            LogCodec.writeRecord(out, t);
            txns.add(HexFormat.of().formatHex(out.array(), 0, out.size()));
        }, chunk);
        return new Seen(scan, txns);
    }

    @Test
    void everyChunkSizeReadsTheSameRecords() throws IOException {
        String name = log();
        Seen whole = scan(name, -1, Integer.MAX_VALUE - 64);
        assertThat(whole.scan().clean()).isTrue();
        assertThat(whole.scan().records()).isGreaterThan(300);
        long mid = (whole.scan().firstZxid() + whole.scan().lastZxid()) / 2;
        Seen skipped = scan(name, mid, Integer.MAX_VALUE - 64);
        assertThat(skipped.txns()).hasSizeLessThan(whole.txns().size()).isNotEmpty();
        for (int chunk : CHUNKS) {
            assertThat(scan(name, -1, chunk)).as("chunk %d", chunk).isEqualTo(whole);
            assertThat(scan(name, mid, chunk)).as("chunk %d, skipping", chunk).isEqualTo(skipped);
        }
    }

    @Test
    void damageIsFoundAndJudgedAlikeWhateverTheChunk() throws IOException {
        String name = log();
        long end = scan(name, -1, 1 << 20).scan().validEnd();
        // a bit in the middle (valid records follow: corruption), then one in the last record (a torn tail)
        disk.flipBit(name, end / 2, 3);
        Seen middle = scan(name, -1, Integer.MAX_VALUE - 64);
        assertThat(middle.scan().clean()).isFalse();
        assertThat(middle.scan().tornTail()).isFalse();
        assertThat(middle.scan().badOffset()).isLessThanOrEqualTo(end / 2);
        for (int chunk : CHUNKS) {
            assertThat(scan(name, -1, chunk)).as("chunk %d", chunk).isEqualTo(middle);
        }
        disk.flipBit(name, end / 2, 3);
        disk.flipBit(name, end - 10, 5);
        Seen tail = scan(name, -1, Integer.MAX_VALUE - 64);
        assertThat(tail.scan().tornTail()).isTrue();
        assertThat(tail.scan().badOffset()).isGreaterThan(end / 2);
        for (int chunk : CHUNKS) {
            assertThat(scan(name, -1, chunk)).as("chunk %d", chunk).isEqualTo(tail);
        }
    }
}

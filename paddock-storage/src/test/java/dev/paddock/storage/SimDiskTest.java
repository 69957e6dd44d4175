package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.storage.disk.DiskFile;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimDiskTest {
    private static final int S = SimDisk.SECTOR_BYTES;

    private static byte[] read(SimDisk d, String name) throws IOException {
        try (DiskFile f = d.open(name, false)) {
            ByteBuffer b = ByteBuffer.allocate((int) f.size());
            f.read(0, b);
            return b.array();
        }
    }

    private static void write(DiskFile f, long pos, int len, int value) throws IOException {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) value);
        f.write(pos, ByteBuffer.wrap(b));
    }

    @Test
    void anUnsyncedDeletionMayBeUndoneAndASyncedOneIsNot() throws IOException {
        Set<Boolean> outcomes = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            SimDisk d = new SimDisk(seed);
            try (DiskFile f = d.open("a", true)) {
                write(f, 0, 10, 7);
                f.sync();
            }
            d.syncDir();
            d.delete("a");
            d.crash();
            outcomes.add(d.exists("a"));
            if (d.exists("a")) {
                assertThat(read(d, "a")).as("seed %d: it comes back whole", seed).containsOnly(7);
            }
            d.delete("a");
            d.syncDir();
            d.crash();
            assertThat(d.exists("a")).as("seed %d", seed).isFalse();
        }
        assertThat(outcomes).as("both kept and undone happen").containsExactlyInAnyOrder(true, false);
    }

    @Test
    void unsyncedSectorsPersistInAnySubsetIncludingALaterWriteWithoutAnEarlierOne() throws IOException {
        boolean laterWithoutEarlier = false;
        for (long seed = 0; seed < 200 && !laterWithoutEarlier; seed++) {
            SimDisk d = new SimDisk(seed);
            try (DiskFile f = d.open("log", true)) {
                write(f, 0, 4 * S, 0);
                f.sync();
                d.syncDir();
                write(f, 0, S, 1);     // first unsynced write
                write(f, 2 * S, S, 2); // a later one, in another sector
            }
            d.crash();
            byte[] b = read(d, "log");
            assertThat(b).hasSize(4 * S);
            assertThat(b[0]).isIn((byte) 0, (byte) 1);
            assertThat(b[2 * S]).isIn((byte) 0, (byte) 2);
            laterWithoutEarlier = b[0] == 0 && b[2 * S] == 2;
        }
        assertThat(laterWithoutEarlier).isTrue();
    }

    @Test
    void syncedDataAlwaysSurvivesAndSameSeedSameOutcome() throws IOException {
        for (long seed = 0; seed < 20; seed++) {
            byte[][] runs = new byte[2][];
            for (int run = 0; run < 2; run++) {
                SimDisk d = new SimDisk(seed);
                Random r = new Random(seed);
                try (DiskFile f = d.open("x", true)) {
                    d.syncDir();
                    for (int i = 0; i < 20; i++) {
                        write(f, r.nextInt(8 * S), 1 + r.nextInt(2 * S), i + 1);
                    }
                    write(f, 0, 100, 99);
                    f.sync();
                    write(f, 50, 10, 42);
                }
                d.crash();
                runs[run] = read(d, "x");
                assertThat(Arrays.copyOf(runs[run], 50)).containsOnly(99);
            }
            assertThat(runs[0]).isEqualTo(runs[1]);
        }
    }

    @Test
    void aFailedFsyncThrowsAndMayLoseTheDataForGoodThoughReadsStillSeeIt() throws IOException {
        boolean lost = false;
        for (long seed = 0; seed < 40 && !lost; seed++) {
            SimDisk d = new SimDisk(seed);
            try (DiskFile f = d.open("x", true)) {
                d.syncDir();
                write(f, 0, 4 * S, 5);
                d.failNextSyncs(1);
                assertThatThrownBy(f::sync).isInstanceOf(IOException.class).hasMessageContaining("fsync");
                assertThat(read(d, "x")).as("the page cache still shows it").containsOnly(5);
                f.sync(); // succeeds, but does not rewrite what the failed one dropped
            }
            d.crash();
            byte[] b = read(d, "x");
            lost = b.length < 4 * S || !new HashSet<>(Arrays.asList(box(b))).equals(Set.of((byte) 5));
        }
        assertThat(lost).isTrue();
    }

    private static Byte[] box(byte[] b) {
        Byte[] out = new Byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i];
        }
        return out;
    }
}

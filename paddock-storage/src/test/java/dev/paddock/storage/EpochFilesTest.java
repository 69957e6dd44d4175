package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import dev.paddock.storage.disk.RealDisk;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochFilesTest {
    private static final long EPOCH3_ZXID = 3L << 32 | 7;

    static void put(Disk disk, String name, String text) throws IOException {
        try (DiskFile f = disk.open(name, true)) {
            f.truncate(0);
            f.write(0, ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
            f.sync();
        }
        disk.syncDir();
    }

    @Test
    void missingFilesAreCreatedFromTheLastZxidsEpoch() throws IOException {
        SimDisk disk = new SimDisk(1);
        EpochFiles e = new EpochFiles(disk);
        e.load(EPOCH3_ZXID);
        assertThat(e.currentEpoch()).isEqualTo(3);
        assertThat(e.acceptedEpoch()).isEqualTo(3);
        disk.crash(); // they were written durably
        EpochFiles again = new EpochFiles(disk);
        again.load(EPOCH3_ZXID);
        assertThat(again.currentEpoch()).isEqualTo(3);
        assertThat(disk.list()).containsExactly("acceptedEpoch", "currentEpoch");
    }

    @Test
    void freshDirectoryStartsAtEpochZero() throws IOException {
        EpochFiles e = new EpochFiles(new SimDisk(1));
        e.load(-1);
        assertThat(e.currentEpoch()).isZero();
        assertThat(e.acceptedEpoch()).isZero();
    }

    @Test
    void valuesSurviveARestart() throws IOException {
        SimDisk disk = new SimDisk(2);
        EpochFiles e = new EpochFiles(disk);
        e.load(0);
        e.setAcceptedEpoch(5);
        e.setCurrentEpoch(5);
        disk.crash();
        EpochFiles again = new EpochFiles(disk);
        again.load(5L << 32 | 1);
        assertThat(again.acceptedEpoch()).isEqualTo(5);
        assertThat(again.currentEpoch()).isEqualTo(5);
    }

    @Test
    void garbageNamesTheFile() throws IOException {
        SimDisk disk = new SimDisk(3);
        put(disk, "currentEpoch", "12x\u0001");
        assertThatThrownBy(() -> new EpochFiles(disk).load(0))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("sim:/currentEpoch")
                .hasMessageContaining("12x\\x01");
        put(disk, "currentEpoch", "-4");
        assertThatThrownBy(() -> new EpochFiles(disk).load(0)).hasMessageContaining("\"-4\" in sim:/currentEpoch");
        put(disk, "currentEpoch", "1".repeat(100));
        assertThatThrownBy(() -> new EpochFiles(disk).load(0)).hasMessageContaining("sim:/currentEpoch should hold one number");
        put(disk, "currentEpoch", "");
        assertThatThrownBy(() -> new EpochFiles(disk).load(0)).hasMessageContaining("\"\" in sim:/currentEpoch");
    }

    @Test
    void aNewlineAfterTheNumberIsAccepted() throws IOException {
        SimDisk disk = new SimDisk(3);
        put(disk, "currentEpoch", "4\n");
        put(disk, "acceptedEpoch", "6\n");
        EpochFiles e = new EpochFiles(disk);
        e.load(4L << 32);
        assertThat(e.currentEpoch()).isEqualTo(4);
        assertThat(e.acceptedEpoch()).isEqualTo(6);
    }

    @Test
    void currentEpochOlderThanTheLogIsRaisedToTheLogsEpoch() throws IOException {
        // a learner logged the synced history of epoch 3 and crashed before writing currentEpoch
        SimDisk disk = new SimDisk(4);
        put(disk, "currentEpoch", "2");
        put(disk, "acceptedEpoch", "3");
        EpochFiles e = new EpochFiles(disk);
        e.load(EPOCH3_ZXID);
        assertThat(e.currentEpoch()).isEqualTo(3);
        assertThat(new EpochFiles(disk).read("currentEpoch")).hasValue(3);
        // ZOOKEEPER-4269: the rename of currentEpoch.tmp was lost; a newer tmp value is taken
        put(disk, "currentEpoch", "2");
        put(disk, "acceptedEpoch", "4");
        put(disk, "currentEpoch.tmp", "4");
        EpochFiles withTmp = new EpochFiles(disk);
        withTmp.load(EPOCH3_ZXID);
        assertThat(withTmp.currentEpoch()).isEqualTo(4);
        // the crash came even before acceptedEpoch reached the disk
        put(disk, "currentEpoch", "1");
        put(disk, "acceptedEpoch", "1");
        disk.delete("currentEpoch.tmp");
        EpochFiles both = new EpochFiles(disk);
        both.load(EPOCH3_ZXID);
        assertThat(both.currentEpoch()).isEqualTo(3);
        assertThat(both.acceptedEpoch()).isEqualTo(3);
    }

    @Test
    void acceptedBelowCurrentStopsStartUp() throws IOException {
        SimDisk disk = new SimDisk(5);
        put(disk, "currentEpoch", "4");
        put(disk, "acceptedEpoch", "3");
        assertThatThrownBy(() -> new EpochFiles(disk).load(0))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("accepted epoch 3 in sim:/acceptedEpoch is less than the current epoch 4");
    }

    @Test
    void accessBeforeLoadIsAProgrammingError() {
        assertThatThrownBy(() -> new EpochFiles(new SimDisk(1)).currentEpoch()).isInstanceOf(IllegalStateException.class);
    }

    /** Power fails before each step of a write in turn; restart must always work and see the old or new value. */
    @Test
    void crashAtEveryStepOfAnEpochWriteLeavesTheOldOrTheNewValue() throws IOException {
        for (long seed = 0; seed < 20; seed++) {
            for (int budget = 0; ; budget++) {
                SimDisk sim = new SimDisk(seed);
                EpochFiles setup = new EpochFiles(sim);
                setup.load(4L << 32 | 9);
                CrashingDisk disk = new CrashingDisk(sim, budget);
                EpochFiles e = new EpochFiles(disk);
                e.load(4L << 32 | 9);
                boolean lost = false;
                try {
                    e.setAcceptedEpoch(5);
                    e.setCurrentEpoch(5);
                } catch (CrashingDisk.PowerLoss p) {
                    lost = true;
                    // the in-memory value only moves once the file is in place
                    assertThat(e.currentEpoch()).isEqualTo(4);
                }
                sim.crash();
                EpochFiles after = new EpochFiles(sim);
                after.load(4L << 32 | 9);
                String at = "seed " + seed + " crash before step " + budget;
                assertThat(after.acceptedEpoch()).as(at).isIn(4L, 5L);
                assertThat(after.currentEpoch()).as(at).isIn(4L, after.acceptedEpoch());
                if (!lost) {
                    assertThat(after.acceptedEpoch()).as(at).isEqualTo(5);
                    assertThat(after.currentEpoch()).as(at).isEqualTo(5);
                    assertThat(budget).isGreaterThan(8); // two writes of 5 steps each
                    break;
                }
                // and the next write after the restart works
                after.setCurrentEpoch(after.acceptedEpoch());
                sim.crash();
                EpochFiles third = new EpochFiles(sim);
                third.load(4L << 32 | 9);
                assertThat(third.currentEpoch()).as(at).isEqualTo(after.acceptedEpoch());
            }
        }
    }

    @Test
    void onARealDiskTheFileHoldsTheDecimalNumberAsZooKeeperWritesIt(@TempDir Path dir) throws IOException {
        RealDisk disk = new RealDisk(dir, true);
        EpochFiles e = new EpochFiles(disk);
        e.load(0x1200000003L);
        e.setAcceptedEpoch(0x13);
        assertThat(Files.readString(dir.resolve("acceptedEpoch"))).isEqualTo("19");
        assertThat(Files.readString(dir.resolve("currentEpoch"))).isEqualTo("18");
        assertThat(Files.exists(dir.resolve("acceptedEpoch.tmp"))).isFalse();
        Files.writeString(dir.resolve("acceptedEpoch"), "nineteen");
        assertThatThrownBy(() -> new EpochFiles(new RealDisk(dir, true)).load(0x1200000003L))
                .hasMessageContaining(dir.resolve("acceptedEpoch").toString()).hasMessageContaining("nineteen");
    }
}

package dev.paddock.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import dev.paddock.storage.disk.ForwardingDisk;
import dev.paddock.storage.disk.ForwardingDiskFile;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlowDiskTest {
    @TempDir
    Path tmp;

    private final List<String> events = new ArrayList<>();

    /** A SimDisk whose writes and syncs are logged in {@link #events}, as the sleeps are. */
    private Disk recordingDisk() {
        return new ForwardingDisk(new SimDisk(1)) {
            @Override
            protected DiskFile wrap(String name, DiskFile file) {
                return new ForwardingDiskFile(file) {
                    @Override
                    public void write(long position, ByteBuffer src) throws IOException {
                        events.add("write " + name);
                        super.write(position, src);
                    }

                    @Override
                    public void sync() throws IOException {
                        events.add("sync " + name);
                        super.sync();
                    }
                };
            }

            @Override
            public void syncDir() throws IOException {
                events.add("syncDir");
                super.syncDir();
            }
        };
    }

    private FaultControl control(String text) throws IOException {
        Path f = tmp.resolve("faults.properties");
        Files.writeString(f, text);
        return new FaultControl(f, System::nanoTime, ms -> events.add("sleep " + ms), bound -> 0);
    }

    @Test
    void everySyncWaitsTheDelayFirstAndWritesDoNot() throws IOException {
        Disk disk = new SlowDisk(recordingDisk(), control("disk.delayMs=7\nquorum.delayMs=50\n"));
        try (DiskFile f = disk.open("log.1", true)) {
            f.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            f.sync();
        }
        disk.syncDir();
        assertThat(events).containsExactly("write log.1", "sleep 7", "sync log.1", "sleep 7", "syncDir");
        try (DiskFile f = disk.open("log.1", false)) {
            ByteBuffer b = ByteBuffer.allocate(3);
            assertThat(f.read(0, b)).isEqualTo(3);
            assertThat(b.array()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void noDiskDelayMeansNoSleep() throws IOException {
        Disk disk = new SlowDisk(recordingDisk(), control("quorum.delayMs=50\n"));
        try (DiskFile f = disk.open("snapshot.1", true)) {
            f.sync();
        }
        assertThat(events).containsExactly("sync snapshot.1");
    }

    @Test
    void withoutAControlTheDiskIsNotWrapped() throws IOException {
        Disk inner = recordingDisk();
        assertThat(SlowDisk.wrap(inner, null)).isSameAs(inner);
        assertThat(SlowDisk.wrap(inner, control(""))).isInstanceOf(SlowDisk.class);
    }
}

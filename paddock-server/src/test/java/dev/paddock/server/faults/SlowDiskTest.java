package dev.paddock.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
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

    /** A SimDisk whose syncs are logged in {@link #events}, as the sleeps are. */
    private Disk recordingDisk() {
        SimDisk sim = new SimDisk(1);
        return new Disk() {
            @Override
            public List<String> list() throws IOException {
                return sim.list();
            }

            @Override
            public boolean exists(String name) throws IOException {
                return sim.exists(name);
            }

            @Override
            public DiskFile open(String name, boolean create) throws IOException {
                DiskFile f = sim.open(name, create);
                return new DiskFile() {
                    @Override
                    public long size() throws IOException {
                        return f.size();
                    }

                    @Override
                    public void write(long position, ByteBuffer src) throws IOException {
                        events.add("write " + name);
                        f.write(position, src);
                    }

                    @Override
                    public int read(long position, ByteBuffer dst) throws IOException {
                        return f.read(position, dst);
                    }

                    @Override
                    public void truncate(long size) throws IOException {
                        f.truncate(size);
                    }

                    @Override
                    public void sync() throws IOException {
                        events.add("sync " + name);
                        f.sync();
                    }

                    @Override
                    public void close() throws IOException {
                        f.close();
                    }
                };
            }

            @Override
            public void rename(String from, String to) throws IOException {
                sim.rename(from, to);
            }

            @Override
            public void delete(String name) throws IOException {
                sim.delete(name);
            }

            @Override
            public void syncDir() throws IOException {
                events.add("syncDir");
                sim.syncDir();
            }

            @Override
            public String describe(String name) {
                return sim.describe(name);
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

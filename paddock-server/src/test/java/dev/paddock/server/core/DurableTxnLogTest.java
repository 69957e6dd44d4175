package dev.paddock.server.core;

import dev.paddock.core.ServerCore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.core.FakeConnection;
import dev.paddock.core.CoreConfig;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.storage.Recovery;
import dev.paddock.storage.Storage;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DurableTxnLogTest {
    /** A simulated disk whose writes throw a RuntimeException (a bug, not an I/O error) once armed. */
    static final class BuggyDisk implements Disk {
        final SimDisk inner = new SimDisk(3);
        final AtomicBoolean armed = new AtomicBoolean();

        @Override
        public List<String> list() {
            return inner.list();
        }

        @Override
        public boolean exists(String name) {
            return inner.exists(name);
        }

        @Override
        public DiskFile open(String name, boolean create) throws IOException {
            DiskFile f = inner.open(name, create);
            return new DiskFile() {
                @Override
                public long size() throws IOException {
                    return f.size();
                }

                @Override
                public void write(long position, ByteBuffer src) throws IOException {
                    if (armed.get()) {
                        throw new IllegalStateException("simulated bug below the log");
                    }
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
            inner.rename(from, to);
        }

        @Override
        public void delete(String name) {
            inner.delete(name);
        }

        @Override
        public void syncDir() {
            inner.syncDir();
        }

        @Override
        public String describe(String name) {
            return inner.describe(name);
        }
    }

    CoreDriver driver;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aNonIoFailureOnTheLogThreadTakesTheFatalPathAndNothingIsAcknowledged() throws Exception {
        BuggyDisk disk = new BuggyDisk();
        Storage storage = new Storage(disk, disk, new Storage.Config(1_000_000, 4096, true,
                new Recovery.Options(false, false)), 1);
        storage.snapshot(new DataTree(), Map.of(), 0);
        DurableTxnLog log = new DurableTxnLog(storage, 0, 3, 0);
        AtomicReference<Throwable> fatal = new AtomicReference<>();
        driver = CoreDriver.start(now -> new ServerCore(CoreConfig.defaults(), now), log, 1000, fatal::set);
        disk.armed.set(true);
        FakeConnection conn = new FakeConnection();
        driver.submit("connect", null, (c, now) -> c.connect(conn, new ConnectRequest(0, 0, 10_000, 0,
                new byte[16]), now));

        await().atMost(Duration.ofSeconds(10)).until(() -> fatal.get() != null);
        assertThat(fatal.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("simulated bug");
        assertThat(driver.isRunning()).isFalse();
        assertThat(conn.sent).as("the session was never acknowledged").isEmpty();
    }
}

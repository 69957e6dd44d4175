package dev.paddock.server.core;

import dev.paddock.core.ServerCore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.core.FakeConnection;
import dev.paddock.core.CoreConfig;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.storage.Recovery;
import dev.paddock.storage.HookedDisk;
import dev.paddock.storage.Storage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DurableTxnLogTest {
    CoreDriver driver;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aNonIoFailureOnTheLogThreadTakesTheFatalPathAndNothingIsAcknowledged() throws Exception {
        HookedDisk disk = new HookedDisk(3);
        AtomicBoolean armed = new AtomicBoolean();
        disk.hook = name -> {
            if (armed.get()) {
                throw new IllegalStateException("simulated bug below the log"); // a bug, not an I/O error
            }
        };
        Storage storage = new Storage(disk, disk, new Storage.Config(1_000_000, 4096, true,
                new Recovery.Options(false, false)), 1);
        storage.snapshot(new DataTree(), Map.of(), 0);
        DurableTxnLog log = new DurableTxnLog(storage, 0, 3, 0);
        AtomicReference<Throwable> fatal = new AtomicReference<>();
        driver = CoreDriver.start(now -> new ServerCore(CoreConfig.defaults(), now), log, 1000, fatal::set);
        armed.set(true);
        FakeConnection conn = new FakeConnection();
        driver.submit("connect", null, (c, now) -> c.connect(conn, new ConnectRequest(0, 0, 10_000, 0,
                new byte[16]), now));

        await().atMost(Duration.ofSeconds(10)).until(() -> fatal.get() != null);
        assertThat(fatal.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("simulated bug");
        assertThat(driver.isRunning()).isFalse();
        assertThat(conn.sent).as("the session was never acknowledged").isEmpty();
    }
}

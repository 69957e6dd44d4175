package dev.paddock.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.server.core.ServerClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clock.offsetMs}: the nemesis's clock step moves the server's wall clock, and nothing else. */
class ClockOffsetTest {
    @TempDir
    Path dir;

    @AfterEach
    void noHooks() {
        ServerClock.useFaultControl(null);
    }

    @Test
    void parsesSignedOffsetsAndRefusesAbsurdOnes() {
        List<String> warnings = new ArrayList<>();
        Properties p = new Properties();
        p.setProperty("clock.offsetMs", "-3600000");
        assertThat(FaultSettings.parse(p, warnings::add).clockOffsetMs()).isEqualTo(-3_600_000L);
        p.setProperty("clock.offsetMs", "99999999999999");
        assertThat(FaultSettings.parse(p, warnings::add).clockOffsetMs()).isZero();
        assertThat(warnings).singleElement().asString().contains("clock.offsetMs");
        assertThat(new FaultSettings(1, 2, 3).clockOffsetMs()).isZero();
    }

    @Test
    void theWallClockStepsWhileElapsedTimeDoesNot() throws Exception {
        Path file = dir.resolve("hooks.properties");
        Files.writeString(file, "clock.offsetMs=3600000\n");
        long[] fakeNanos = {0};
        FaultControl control = new FaultControl(file, () -> fakeNanos[0], ms -> { }, bound -> 0);
        long before = System.currentTimeMillis();
        long elapsedBefore = ServerClock.elapsedMs();
        ServerClock.useFaultControl(control);
        long jumped = ServerClock.wallMs();
        assertThat(jumped - before).isBetween(3_600_000L, 3_600_000L + 60_000L);
        assertThat(ServerClock.SYSTEM_WALL.wallMs(0)).isGreaterThanOrEqualTo(jumped);
        assertThat(ServerClock.elapsedMs() - elapsedBefore).isLessThan(60_000L);

        Files.writeString(file, "clock.offsetMs=-7200000\n");
        fakeNanos[0] += FaultControl.CHECK_INTERVAL_MS * 1_000_000L; // due for a look
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(before + 5000));
        assertThat(System.currentTimeMillis() - ServerClock.wallMs()).isBetween(7_200_000L - 60_000L, 7_200_000L);

        ServerClock.useFaultControl(null);
        assertThat(Math.abs(ServerClock.wallMs() - System.currentTimeMillis())).isLessThan(60_000L);
    }
}

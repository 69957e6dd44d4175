package dev.paddock.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading the control file, on a fake clock: no timing in the assertions. */
class FaultControlTest {
    @TempDir
    Path tmp;

    private final FakeTime time = new FakeTime();

    private Path write(String text, long mtimeSeconds) throws IOException {
        Path f = tmp.resolve("faults.properties");
        Files.writeString(f, text);
        Files.setLastModifiedTime(f, FileTime.fromMillis(mtimeSeconds * 1000));
        return f;
    }

    @Test
    void readsTheFileAtOnce() throws IOException {
        FaultControl c = time.control(write("quorum.delayMs=50\n", 100));
        assertThat(c.settings()).isEqualTo(new FaultSettings(0, 50, 0));
    }

    @Test
    void aMissingFileMeansNoFaultsUntilItAppears() throws IOException {
        Path f = tmp.resolve("faults.properties");
        FaultControl c = time.control(f);
        assertThat(c.settings()).isEqualTo(FaultSettings.NONE);
        write("disk.delayMs=3", 100);
        time.advanceMs(FaultControl.CHECK_INTERVAL_MS);
        assertThat(c.settings()).isEqualTo(new FaultSettings(3, 0, 0));
    }

    @Test
    void aChangeIsSeenOnlyAtTheNextCheck() throws IOException {
        FaultControl c = time.control(write("quorum.delayMs=50\n", 100));
        write("quorum.delayMs=70\n", 101);
        time.advanceMs(FaultControl.CHECK_INTERVAL_MS - 1);
        assertThat(c.settings().quorumDelayMs()).isEqualTo(50);
        time.advanceMs(1);
        assertThat(c.settings().quorumDelayMs()).isEqualTo(70);
    }

    @Test
    void theFileIsReadAgainOnlyWhenItsModificationTimeOrSizeChanged() throws IOException {
        FaultControl c = time.control(write("quorum.delayMs=50\n", 100));
        write("quorum.delayMs=60\n", 100); // same size, same mtime: not looked at
        time.advanceMs(FaultControl.CHECK_INTERVAL_MS);
        assertThat(c.settings().quorumDelayMs()).isEqualTo(50);
        Files.setLastModifiedTime(tmp.resolve("faults.properties"), FileTime.fromMillis(102_000));
        time.advanceMs(FaultControl.CHECK_INTERVAL_MS);
        assertThat(c.settings().quorumDelayMs()).isEqualTo(60);
    }

    @Test
    void blankingOrDeletingTheFileEndsTheFaults() throws IOException {
        FaultControl c = time.control(write("disk.delayMs=5\nquorum.jitterMs=4\n", 100));
        assertThat(c.settings()).isEqualTo(new FaultSettings(5, 0, 4));
        write("   \n", 101);
        time.advanceMs(FaultControl.CHECK_INTERVAL_MS);
        assertThat(c.settings()).isEqualTo(FaultSettings.NONE);
        write("disk.delayMs=5\n", 102);
        time.advanceMs(FaultControl.CHECK_INTERVAL_MS);
        assertThat(c.settings().diskDelayMs()).isEqualTo(5);
        Files.delete(tmp.resolve("faults.properties"));
        time.advanceMs(FaultControl.CHECK_INTERVAL_MS);
        assertThat(c.settings()).isEqualTo(FaultSettings.NONE);
    }

    @Test
    void aBadValueIsIgnoredAndTheRestApplies() throws IOException {
        FaultControl c = time.control(write("disk.delayMs=x\nquorum.delayMs=8\n", 100));
        assertThat(c.settings()).isEqualTo(new FaultSettings(0, 8, 0));
    }

    @Test
    void withoutTheSystemPropertyThereIsNoControl() {
        String old = System.getProperty(FaultControl.PROPERTY);
        System.clearProperty(FaultControl.PROPERTY);
        try {
            assertThat(FaultControl.fromSystemProperty()).isNull();
        } finally {
            if (old != null) {
                System.setProperty(FaultControl.PROPERTY, old);
            }
        }
    }

    @Test
    void withTheSystemPropertyTheControlWatchesThatFile() throws IOException {
        Path f = write("quorum.delayMs=1\n", 100);
        String old = System.getProperty(FaultControl.PROPERTY);
        System.setProperty(FaultControl.PROPERTY, f.toString());
        try {
            FaultControl c = FaultControl.fromSystemProperty();
            assertThat(c).isNotNull();
            assertThat(c.file()).isEqualTo(f.toAbsolutePath());
            assertThat(c.settings().quorumDelayMs()).isEqualTo(1);
        } finally {
            if (old == null) {
                System.clearProperty(FaultControl.PROPERTY);
            } else {
                System.setProperty(FaultControl.PROPERTY, old);
            }
        }
    }
}

package dev.paddock.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FaultSettingsTest {
    private final List<String> warnings = new ArrayList<>();

    private FaultSettings parse(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return FaultSettings.parse(p, warnings::add);
    }

    @Test
    void readsTheThreeKeys() throws IOException {
        assertThat(parse("disk.delayMs=7\nquorum.delayMs = 50\nquorum.jitterMs=20\n"))
                .isEqualTo(new FaultSettings(7, 50, 20));
        assertThat(warnings).isEmpty();
    }

    @Test
    void absentAndBlankKeysAreZero() throws IOException {
        assertThat(parse("")).isEqualTo(FaultSettings.NONE);
        assertThat(parse("# nothing\nquorum.delayMs=\n")).isEqualTo(FaultSettings.NONE);
        assertThat(parse("quorum.jitterMs=5")).isEqualTo(new FaultSettings(0, 0, 5));
        assertThat(parse("quorum.jitterMs=5").holdsQuorumTraffic()).isTrue();
        assertThat(parse("disk.delayMs=5").holdsQuorumTraffic()).isFalse();
        assertThat(warnings).isEmpty();
    }

    @Test
    void badValuesAreReportedAndIgnoredWithoutCancellingGoodOnes() throws IOException {
        FaultSettings s = parse("disk.delayMs=slow\nquorum.delayMs=-3\nquorum.jitterMs=9\n");
        assertThat(s).isEqualTo(new FaultSettings(0, 0, 9));
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("disk.delayMs=slow");
        assertThat(warnings.get(1)).contains("quorum.delayMs=-3");
    }

    @Test
    void tooLargeValuesAndUnknownKeysAreReported() throws IOException {
        FaultSettings s = parse("quorum.delayMs=99999999999\ndisk.delayMS=5\n");
        assertThat(s).isEqualTo(FaultSettings.NONE);
        assertThat(warnings).anyMatch(w -> w.contains("unknown keys") && w.contains("disk.delayMS"))
                .anyMatch(w -> w.contains("quorum.delayMs=99999999999"));
    }

    @Test
    void negativeSettingsCannotBeBuilt() {
        assertThatThrownBy(() -> new FaultSettings(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventsApartTest {
    @Test
    void anEventPrintedBeforeOrAfterACommandsOutputComparesEqual() {
        String before = "x\n\nWATCHER::\n\nWatchedEvent type:NodeDeleted path:/x\n[]\n";
        String after = "x\n[]\n\nWATCHER::\n\nWatchedEvent type:NodeDeleted path:/x\n";
        String between = "x\n\nWATCHER::\n[]\n\nWatchedEvent type:NodeDeleted path:/x\n";
        String expected = "x\n[]\n\n--- watch events, in order ---\nWATCHER::\nWatchedEvent type:NodeDeleted path:/x\n";
        assertThat(GoldenShellSuite.eventsApart(before)).isEqualTo(expected);
        assertThat(GoldenShellSuite.eventsApart(after)).isEqualTo(expected);
        assertThat(GoldenShellSuite.eventsApart(between)).isEqualTo(expected);
    }

    @Test
    void outputThatDiffersOtherwiseStillDiffers() {
        String empty = "get /x\n\n\nWATCHER::\n";  // an empty znode's data is a blank line of its own
        String none = "get /x\n\nWATCHER::\n";
        assertThat(GoldenShellSuite.eventsApart(empty)).isNotEqualTo(GoldenShellSuite.eventsApart(none));
        assertThat(GoldenShellSuite.eventsApart("[a]\n")).isNotEqualTo(GoldenShellSuite.eventsApart("[b]\n"));
    }
}

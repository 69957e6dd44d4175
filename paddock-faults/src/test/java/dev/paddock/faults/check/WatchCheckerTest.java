package dev.paddock.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.WatchRecord;
import dev.paddock.faults.history.WatchRecord.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchCheckerTest {

    private final WatchChecker checker = new WatchChecker();

    private static WatchRecord reg(long seq, long id, int version) {
        return new WatchRecord(0, 1, seq, Type.REGISTER, id, "/w", version, -1, null, seq);
    }

    private static WatchRecord fired(long seq, long id, long zxid) {
        return new WatchRecord(0, 1, seq, Type.FIRED, id, "/w", -1, zxid, "NodeDataChanged", seq);
    }

    private static WatchRecord read(long seq, int version) {
        return new WatchRecord(0, 1, seq, Type.READ, -1, "/w", version, 0x100 + version, null, seq);
    }

    private static FinalState finalVersion(int version) {
        return new FinalState(Map.of(), Map.of(), Map.of(), Map.of(), Map.of("/w", version), List.of());
    }

    @Test
    void eventBeforeTheChangedReadPasses() {
        Verdict v = checker.check(List.of(reg(1, 1, 0), fired(2, 1, 0x101), read(3, 1), reg(4, 2, 1),
                fired(5, 2, 0x102)), finalVersion(2));
        assertThat(v.ok()).as("%s", v.violations()).isTrue();
        assertThat(v.checked()).isEqualTo(2);
    }

    @Test
    void firingTwiceFails() {
        Verdict v = checker.check(List.of(reg(1, 1, 0), fired(2, 1, 0x101), fired(3, 1, 0x101)), finalVersion(1));
        assertThat(v.violations()).singleElement().asString().contains("fired again");
    }

    @Test
    void eventZxidGoingBackFails() {
        Verdict v = checker.check(List.of(reg(1, 1, 0), reg(2, 2, 0), fired(3, 1, 0x105), fired(4, 2, 0x101)),
                finalVersion(1));
        assertThat(v.violations()).singleElement().asString().contains("went back");
    }

    @Test
    void readShowingTheChangeBeforeTheEventFails() {
        Verdict v = checker.check(List.of(reg(1, 1, 0), read(2, 1), fired(3, 1, 0x101)), finalVersion(1));
        assertThat(v.violations()).singleElement().asString().contains("before registration 1");
    }

    @Test
    void missedEventFailsUnlessTheSessionExpired() {
        List<WatchRecord> missed = List.of(reg(1, 1, 0));
        assertThat(checker.check(missed, finalVersion(3)).violations()).singleElement().asString()
                .contains("never fired");
        assertThat(checker.check(missed, finalVersion(0)).ok()).isTrue();
        WatchRecord expired = new WatchRecord(0, 1, 2, Type.EXPIRED, -1, null, -1, -1, null, 2);
        assertThat(checker.check(List.of(reg(1, 1, 0), expired), finalVersion(3)).ok()).isTrue();
    }
}

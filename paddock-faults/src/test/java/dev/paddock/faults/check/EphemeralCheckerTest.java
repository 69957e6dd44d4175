package dev.paddock.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.SessionRecord;
import dev.paddock.faults.history.SessionRecord.Fate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EphemeralCheckerTest {

    private final EphemeralChecker checker = new EphemeralChecker();

    private static SessionRecord session(long id, Fate fate, List<String> ok, List<String> unknown) {
        return new SessionRecord((int) id, id, 4000, ok, unknown, fate, fate == Fate.LIVE ? Long.MAX_VALUE : 99);
    }

    private static FinalState held(Map<String, Long> s1, Map<String, Long> s2) {
        return new FinalState(Map.of(), Map.of(), Map.of(1, s1, 2, s2), Map.of(), Map.of(), List.of());
    }

    private static final List<SessionRecord> SESSIONS = List.of(
            session(0xa, Fate.LIVE, List.of("/e/a1"), List.of("/e/a2")),
            session(0xb, Fate.EXPIRED, List.of("/e/b1"), List.of("/e/b2")),
            session(0xc, Fate.UNKNOWN, List.of("/e/c1"), List.of()),
            session(0xd, Fate.CLOSED, List.of("/e/d1"), List.of()));

    @Test
    void liveKeptDeadGoneUnknownEitherWayPasses() {
        Map<String, Long> s = Map.of("/e/a1", 0xaL, "/e/a2", 0xaL, "/e/c1", 0xcL);
        Verdict v = checker.check(SESSIONS, held(s, s));
        assertThat(v.ok()).as("%s", v.violations()).isTrue();
        Map<String, Long> withoutUnknownFate = Map.of("/e/a1", 0xaL);
        assertThat(checker.check(SESSIONS, held(withoutUnknownFate, withoutUnknownFate)).ok()).isTrue();
    }

    @Test
    void liveSessionsLostEphemeralFails() {
        Map<String, Long> s = Map.of("/e/a2", 0xaL);
        Verdict v = checker.check(SESSIONS, held(s, s));
        assertThat(v.violations()).hasSize(2).allMatch(l -> l.contains("lost /e/a1"));
    }

    @Test
    void expiredSessionsUnknownEphemeralSurvivingFails() {
        Map<String, Long> s = Map.of("/e/a1", 0xaL, "/e/b2", 0xbL);
        Verdict v = checker.check(SESSIONS, held(s, s));
        assertThat(v.violations()).hasSize(2).allMatch(l -> l.contains("/e/b2 of EXPIRED session 0xb"));
    }

    @Test
    void foreignOwnerAndDisagreementFail() {
        Map<String, Long> s1 = Map.of("/e/a1", 0xaL, "/e/zz", 0xeL);
        Map<String, Long> s2 = Map.of("/e/a1", 0xaL);
        Verdict v = checker.check(SESSIONS, held(s1, s2));
        assertThat(v.violations()).hasSize(2).anyMatch(l -> l.contains("/e/zz owned by 0xe"))
                .anyMatch(l -> l.contains("disagree"));
    }
}

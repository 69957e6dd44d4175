package dev.paddock.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionIdsTest {
    @Test
    void idsCarryTheServerIdInTheTopByteAndCountUp() {
        SessionIds ids = new SessionIds(3, 1_700_000_000_000L);
        long a = ids.next();
        assertThat(a >>> 56).isEqualTo(3);
        assertThat(ids.next()).isEqualTo(a + 1);
    }

    @Test
    void passwordsAreDerivedFromTheIdAlone() {
        long id = 0x1000abcdef00001L;
        assertThat(SessionIds.password(id)).hasSize(16).isEqualTo(SessionIds.password(id));
        assertThat(SessionIds.checkPassword(id, SessionIds.password(id))).isTrue();
        assertThat(SessionIds.checkPassword(id, SessionIds.password(id + 1))).isFalse();
        assertThat(SessionIds.checkPassword(id, null)).isFalse();
        assertThat(SessionIds.checkPassword(0, SessionIds.password(0))).isFalse();
    }
}

package dev.paddock.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ZxidSourceTest {
    @Test
    void anEpochStartsAtCounterOne() {
        ZxidSource z = ZxidSource.forEpoch(5);
        assertThat(z.next()).isEqualTo(0x5_0000_0001L);
        assertThat(z.next()).isEqualTo(0x5_0000_0002L);
        assertThat(z.last()).isEqualTo(0x5_0000_0002L);
    }

    @Test
    void theCounterNeverRollsIntoTheNextEpoch() {
        ZxidSource z = ZxidSource.boundAfter(0x7_ffff_fffeL);
        assertThat(z.exhausted()).isFalse();
        assertThat(z.next()).isEqualTo(0x7_ffff_ffffL);
        assertThat(z.exhausted()).isTrue();
        assertThatThrownBy(z::next).isInstanceOf(ZxidSource.ZxidExhaustedException.class)
                .hasMessageContaining("0x7ffffffff");
        assertThat(z.last()).isEqualTo(0x7_ffff_ffffL);
    }

    @Test
    void standaloneContinuesPastTheCounterLikeZooKeeperStandalone() {
        ZxidSource z = ZxidSource.continuing(0xffffffffL);
        assertThat(z.exhausted()).isFalse();
        assertThat(z.next()).isEqualTo(0x1_0000_0000L);
    }
}

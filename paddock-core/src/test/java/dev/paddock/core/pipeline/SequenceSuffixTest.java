package dev.paddock.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class SequenceSuffixTest {
    @Test
    void sameTextAsZooKeepersFormat() {
        for (int v : new int[] {0, 1, 9, 10, 12345, 999_999_999, 1_000_000_000, Integer.MAX_VALUE, -1, -42,
                Integer.MIN_VALUE}) {
            assertThat(Preparer.sequenceSuffix(v)).as("cversion %d", v)
                    .isEqualTo(String.format(Locale.ENGLISH, "%010d", v));
        }
    }
}

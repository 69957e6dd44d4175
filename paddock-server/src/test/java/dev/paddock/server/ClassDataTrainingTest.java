package dev.paddock.server;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * The training run behind the launcher's class data sharing archive, in this JVM: both of its servers' lives end
 * with every request answered with success (the second reads what the first wrote, so its recovery worked). The
 * launcher test checks that the archive is made and mapped by a started server.
 */
class ClassDataTrainingTest {
    @Test
    void bothRoundsServeEveryRequestAndTheSecondReadsWhatTheFirstWrote() {
        assertThatCode(ClassDataTraining::run).doesNotThrowAnyException();
    }
}

package dev.paddock.faults.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.client.KeeperException;
import dev.paddock.faults.history.Outcome;
import dev.paddock.jute.ErrorCode;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class OutcomesTest {
    @Test
    void definiteRefusalsFailAndEverythingElseIsUnknown() {
        assertThat(Outcomes.ofWrite(KeeperException.create(ErrorCode.BADVERSION, "/k"))).isEqualTo(Outcome.FAIL);
        assertThat(Outcomes.ofWrite(new ExecutionException(KeeperException.create(ErrorCode.NONODE, "/k"))))
                .isEqualTo(Outcome.FAIL);
        assertThat(Outcomes.ofWrite(KeeperException.create(ErrorCode.CONNECTIONLOSS, "/k")))
                .isEqualTo(Outcome.UNKNOWN);
        assertThat(Outcomes.ofWrite(KeeperException.create(ErrorCode.SESSIONEXPIRED, "/k")))
                .isEqualTo(Outcome.UNKNOWN);
        assertThat(Outcomes.ofWrite(KeeperException.create(ErrorCode.SESSIONMOVED, "/k")))
                .isEqualTo(Outcome.UNKNOWN);
        assertThat(Outcomes.ofWrite(new TimeoutException())).isEqualTo(Outcome.UNKNOWN);
        assertThat(Outcomes.ofWrite(new IllegalStateException())).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void namesAreCodesOrClassNames() {
        assertThat(Outcomes.name(new ExecutionException(KeeperException.create(ErrorCode.BADVERSION, "/k"))))
                .isEqualTo("BADVERSION");
        assertThat(Outcomes.name(new TimeoutException())).isEqualTo("TimeoutException");
    }
}

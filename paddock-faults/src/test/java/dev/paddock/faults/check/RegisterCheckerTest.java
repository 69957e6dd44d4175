package dev.paddock.faults.check;

import static dev.paddock.faults.check.Ops.cas;
import static dev.paddock.faults.check.Ops.casFail;
import static dev.paddock.faults.check.Ops.syncRead;
import static dev.paddock.faults.check.Ops.unknownWrite;
import static dev.paddock.faults.check.Ops.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RegisterOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegisterCheckerTest {

    private final RegisterChecker checker = new RegisterChecker();

    @Test
    void sequentialWritesAndReadsPass() {
        Verdict v = checker.check(List.of(syncRead(1, 0, 1, 0, 0), write(2, 7, 2, 3, 1), syncRead(3, 4, 5, 7, 1),
                write(4, 8, 6, 7, 2), syncRead(5, 8, 9, 8, 2)));
        assertThat(v.ok()).as("%s", v.violations()).isTrue();
        assertThat(v.checker()).isEqualTo("linearizable-registers");
        assertThat(v.checked()).isEqualTo(5);
    }

    @Test
    void staleSyncReadAfterACompletedWriteFails() {
        Verdict v = checker.check(List.of(write(1, 7, 0, 10, 1), syncRead(2, 20, 30, 0, 0)));
        assertThat(v.ok()).isFalse();
        assertThat(v.violations()).singleElement().asString().contains("key /r").contains("#2 SYNC_READ");
    }

    @Test
    void concurrentWriteAndReadPassInEitherOrder() {
        assertThat(checker.check(List.of(write(1, 7, 0, 10, 1), syncRead(2, 5, 15, 0, 0))).ok()).isTrue();
        assertThat(checker.check(List.of(write(1, 7, 0, 10, 1), syncRead(2, 5, 15, 7, 1))).ok()).isTrue();
    }

    @Test
    void unknownWriteObservedLaterPasses() {
        Verdict v = checker.check(List.of(unknownWrite(1, 7, 0), syncRead(2, 100, 110, 7, 1)));
        assertThat(v.ok()).as("%s", v.violations()).isTrue();
    }

    @Test
    void unknownWriteThatNeverHappenedPasses() {
        Verdict v = checker.check(List.of(unknownWrite(1, 7, 0), syncRead(2, 100, 110, 0, 0),
                write(3, 8, 120, 130, 1), syncRead(4, 140, 150, 8, 1)));
        assertThat(v.ok()).as("%s", v.violations()).isTrue();
    }

    @Test
    void unknownWriteObservedBeforeItsInvocationFails() {
        Verdict v = checker.check(List.of(syncRead(1, 0, 10, 7, 1), unknownWrite(2, 7, 20)));
        assertThat(v.ok()).isFalse();
    }

    @Test
    void unknownWriteCannotTakeEffectTwiceOrBeUndone() {
        // once 7 was seen and then overwritten by 8, 7 cannot come back
        Verdict v = checker.check(List.of(unknownWrite(1, 7, 0), syncRead(2, 10, 20, 7, 1), write(3, 8, 30, 40, 2),
                syncRead(4, 50, 60, 7, 1)));
        assertThat(v.ok()).isFalse();
    }

    @Test
    void unseenUnknownWritesExplainVersionJumpsButNoMoreThanThereAre() {
        List<RegisterOp> two = List.of(unknownWrite(1, 7, 0), unknownWrite(2, 8, 5), write(3, 9, 10, 20, 3),
                syncRead(4, 30, 40, 9, 3));
        assertThat(checker.check(two).ok()).isTrue();
        List<RegisterOp> tooFew = List.of(unknownWrite(1, 7, 0), unknownWrite(2, 8, 5), write(3, 9, 10, 20, 4));
        assertThat(checker.check(tooFew).ok()).isFalse();
        // an unknown write invoked after the OK write completed cannot explain its version
        List<RegisterOp> tooLate = List.of(unknownWrite(1, 7, 0), write(3, 9, 10, 20, 3), unknownWrite(2, 8, 25));
        assertThat(checker.check(tooLate).ok()).isFalse();
    }

    @Test
    void unknownCasAppliesOnlyOnItsVersion() {
        RegisterOp unknownCas = new RegisterOp(2, 2, 1, RegisterOp.Kind.CAS, Ops.KEY, 8, 1, 20, RegisterOp.NEVER,
                Outcome.UNKNOWN, 0, -1, -1, -1, "ConnectionLoss");
        assertThat(checker.check(List.of(write(1, 7, 0, 10, 1), unknownCas, syncRead(3, 30, 40, 8, 2))).ok())
                .isTrue();
        RegisterOp wrongVersion = new RegisterOp(2, 2, 1, RegisterOp.Kind.CAS, Ops.KEY, 8, 0, 20, RegisterOp.NEVER,
                Outcome.UNKNOWN, 0, -1, -1, -1, "ConnectionLoss");
        assertThat(checker.check(List.of(write(1, 7, 0, 10, 1), wrongVersion, syncRead(3, 30, 40, 8, 2))).ok())
                .isFalse();
    }

    @Test
    void violationLineNamesTheOpsInvolved() {
        Verdict v = checker.check(List.of(write(1, 7, 0, 10, 1), write(2, 8, 20, 30, 2), syncRead(3, 40, 50, 7, 1)));
        assertThat(v.violations()).singleElement().asString()
                .contains("#3 SYNC_READ OK -> (7, v1)").contains("2-op prefix").contains("#2 WRITE 8 OK -> v2");
    }

    @Test
    void casOnTheRightVersionPasses() {
        Verdict v = checker.check(List.of(write(1, 7, 0, 10, 1), cas(2, 9, 1, 20, 30, 2), syncRead(3, 40, 50, 9, 2),
                casFail(4, 10, 1, 60, 70, "BADVERSION")));
        assertThat(v.ok()).as("%s", v.violations()).isTrue();
    }

    @Test
    void casThatSucceededOnAWrongVersionFails() {
        Verdict v = checker.check(List.of(write(1, 7, 0, 10, 1), cas(2, 9, 0, 20, 30, 2)));
        assertThat(v.ok()).isFalse();
    }

    @Test
    void badVersionOnTheMatchingVersionFails() {
        Verdict v = checker.check(List.of(write(1, 7, 0, 10, 1), casFail(2, 9, 1, 20, 30, "BADVERSION")));
        assertThat(v.ok()).isFalse();
    }

    @Test
    void otherFailuresAndPlainReadsAreIgnored() {
        RegisterOp plainStaleRead = Ops.read(3, 1, 20, 30, 0, 0, -1);
        RegisterOp failedWrite = new RegisterOp(4, 0, 1, RegisterOp.Kind.WRITE, Ops.KEY, 99, -1, 40, 50,
                Outcome.FAIL, 0, -1, -1, -1, "NONODE");
        Verdict v = checker.check(List.of(write(1, 7, 0, 10, 1), casFail(2, 9, 1, 11, 12, "CONNECTIONLOSS"),
                plainStaleRead, failedWrite, syncRead(5, 60, 70, 7, 1)));
        assertThat(v.ok()).as("%s", v.violations()).isTrue();
        assertThat(v.checked()).isEqualTo(2);
    }

    @Test
    void writeReportingAWrongVersionFails() {
        assertThat(checker.check(List.of(write(1, 7, 0, 10, 5))).ok()).isFalse();
    }

    @Test
    void keysAreCheckedIndependently() {
        Verdict v = checker.check(List.of(Ops.onKey(write(1, 7, 0, 10, 1), "/a"),
                Ops.onKey(syncRead(2, 20, 30, 0, 0), "/b"), Ops.onKey(syncRead(3, 20, 30, 0, 0), "/a")));
        assertThat(v.violations()).singleElement().asString().startsWith("key /a");
    }

    @Test
    void exhaustedBudgetIsReportedAsUndecided() {
        Verdict v = new RegisterChecker(3).check(List.of(write(1, 7, 0, 10, 1), write(2, 8, 0, 10, 2),
                syncRead(3, 20, 30, 8, 2), syncRead(4, 20, 30, 8, 2)));
        assertThat(v.ok()).isFalse();
        assertThat(v.violations()).singleElement().asString().contains("undecided");
    }
}

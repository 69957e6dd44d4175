package dev.paddock.faults.check;

import static dev.paddock.faults.check.Ops.read;
import static dev.paddock.faults.check.Ops.unknownWrite;
import static dev.paddock.faults.check.Ops.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadsCheckerTest {

    private final ReadsChecker checker = new ReadsChecker();

    @Test
    void staleButMonotonicReadsPass() {
        // session 2 lags behind session 1's write: allowed for plain reads, as long as it never goes back
        Verdict v = checker.check(List.of(write(1, 1, 7, 0, 10, 1, 0x10), read(2, 2, 20, 30, 0, 0, 0x5),
                read(3, 2, 40, 50, 7, 1, 0x10), read(4, 1, 60, 70, 7, 1, 0x10)));
        assertThat(v.ok()).as("%s", v.violations()).isTrue();
        assertThat(v.checker()).isEqualTo("reads");
        assertThat(v.checked()).isEqualTo(3);
    }

    @Test
    void valueNoWriteWroteFails() {
        Verdict v = checker.check(List.of(read(1, 1, 0, 10, 42, 1, -1)));
        assertThat(v.violations()).singleElement().asString().contains("no write wrote");
    }

    @Test
    void valueOfAWriteInvokedAfterTheReadCompletedFails() {
        Verdict v = checker.check(List.of(read(1, 1, 0, 10, 7, 1, -1), write(2, 2, 7, 20, 30, 1, -1)));
        assertThat(v.violations()).singleElement().asString().contains("invoked after");
    }

    @Test
    void versionOtherThanTheWritesFails() {
        Verdict v = checker.check(List.of(write(1, 1, 7, 0, 10, 1, -1), read(2, 2, 20, 30, 7, 2, -1)));
        assertThat(v.violations()).singleElement().asString().contains("version other");
    }

    @Test
    void unknownWriteMayBeRead() {
        Verdict v = checker.check(List.of(unknownWrite(1, 7, 0), read(2, 2, 20, 30, 7, 1, -1)));
        assertThat(v.ok()).as("%s", v.violations()).isTrue();
    }

    @Test
    void readYourWritesIsEnforced() {
        Verdict v = checker.check(List.of(write(1, 1, 7, 0, 10, 1, -1), read(2, 1, 20, 30, 0, 0, -1)));
        assertThat(v.violations()).singleElement().asString().contains("went back from version 1");
    }

    @Test
    void monotonicReadsAreEnforced() {
        Verdict v = checker.check(List.of(write(1, 1, 7, 0, 10, 1, -1), read(2, 2, 20, 30, 7, 1, -1),
                read(3, 2, 40, 50, 0, 0, -1)));
        assertThat(v.violations()).singleElement().asString().contains("session 0x2");
    }

    @Test
    void lastZxidGoingBackFails() {
        Verdict v = checker.check(List.of(read(1, 3, 0, 10, 0, 0, 0x20), read(2, 3, 20, 30, 0, 0, 0x1f),
                read(3, 3, 40, 50, 0, 0, -1)));
        assertThat(v.violations()).singleElement().asString().contains("0x20").contains("0x1f");
    }
}

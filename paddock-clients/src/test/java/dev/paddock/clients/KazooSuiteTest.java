package dev.paddock.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kazoo's own test suite, unchanged, against Paddock: every test not in {@code kazoo-known-gaps.txt} must pass. A
 * test that fails is run once more on its own (kazoo's suite has timing-dependent tests that fail now and then on
 * ZooKeeper too) and counts as failed only if it fails again. With {@code -Dclients.kazoo.zookeeper=true}
 * (profile {@code clients-full}) the suite also runs against ZooKeeper 3.9.3, which must pass every test the list
 * calls a Paddock gap (else the entry is wrong). Results and outputs: {@code target/clients-work/kazoo/}.
 */
class KazooSuiteTest {
    private static KnownGaps gaps;
    private static Path work;

    @BeforeAll
    static void needsKazoo() throws Exception {
        Tool.assumeFile(KazooSuite.PYTHON, "Debian's Python 3 (/usr/bin/python3)");
        Tool.assumeFile(KazooSuite.TESTS, "kazoo's test suite (Debian package python3-kazoo)");
        Tool.assumeRuns("pytest, mock, objgraph and pytest-timeout for Debian's Python (Debian packages "
                        + "python3-pytest, python3-mock, python3-objgraph, python3-pytest-timeout)",
                KazooSuite.PYTHON.toString(), "-c", "import kazoo, pytest, mock, objgraph, pytest_timeout");
        gaps = KnownGaps.read(Checkout.module().resolve("src/test/resources/kazoo-known-gaps.txt"));
        work = Checkout.work("kazoo");
    }

    @Test
    void everyKazooTestOutsideTheKnownGapsPassesOnPaddock() throws Exception {
        KazooRun first = KazooSuite.run(ServerKind.PADDOCK, work, "paddock", List.of(),
                gaps.ids(KnownGaps.Kind.NOT_RUN));
        Set<String> unexpected = new TreeSet<>(first.with(KazooRun.Outcome.FAILED));
        unexpected.removeIf(gaps::allowsFailure);
        Set<String> failedTwice = new TreeSet<>(unexpected);
        if (!unexpected.isEmpty()) {
            KazooRun retry = KazooSuite.run(ServerKind.PADDOCK, work, "paddock-retry", new ArrayList<>(unexpected),
                    List.of());
            failedTwice.removeIf(id -> retry.outcomes().get(id) == KazooRun.Outcome.PASSED);
        }
        Set<String> listedButPassed = new TreeSet<>(first.with(KazooRun.Outcome.PASSED));
        listedButPassed.retainAll(gaps.entries().keySet());
        String summary = summary("Paddock", first, unexpected, failedTwice, listedButPassed);
        Files.writeString(work.resolve("paddock-summary.txt"), summary);
        System.out.println(summary);

        assertThat(first.with(KazooRun.Outcome.PASSED)).as("kazoo tests passed on Paddock").hasSizeGreaterThan(300);
        assertThat(failedTwice).as("kazoo tests that failed twice on Paddock and are not in kazoo-known-gaps.txt "
                + "(outputs in %s)", work).isEmpty();
    }

    @Test
    void zookeeperPassesEveryTestListedAsAPaddockGap() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("clients.kazoo.zookeeper"),
                "skipped: kazoo's suite against ZooKeeper 3.9.3 runs with -Pclients-full (-Dclients.kazoo.zookeeper=true)");
        KazooRun zk = KazooSuite.run(ServerKind.ZOOKEEPER, work, "zookeeper", List.of(),
                gaps.ids(KnownGaps.Kind.NOT_RUN));
        Set<String> failed = zk.with(KazooRun.Outcome.FAILED);
        String summary = "kazoo on ZooKeeper 3.9.3: " + zk.with(KazooRun.Outcome.PASSED).size() + " passed, "
                + failed.size() + " failed, " + zk.with(KazooRun.Outcome.SKIPPED).size() + " skipped\nfailed:\n  "
                + String.join("\n  ", failed) + "\n";
        Files.writeString(work.resolve("zookeeper-summary.txt"), summary);
        System.out.println(summary);
        Set<String> gapsFailingOnZooKeeper = new TreeSet<>(gaps.ids(KnownGaps.Kind.GAP));
        gapsFailingOnZooKeeper.retainAll(failed);
        assertThat(gapsFailingOnZooKeeper).as("tests listed as Paddock gaps that fail on ZooKeeper 3.9.3 too").isEmpty();
    }

    private static String summary(String server, KazooRun first, Set<String> unexpected, Set<String> failedTwice,
                                  Set<String> listedButPassed) {
        Set<String> failed = first.with(KazooRun.Outcome.FAILED);
        StringBuilder sb = new StringBuilder();
        sb.append("kazoo on ").append(server).append(": ").append(first.with(KazooRun.Outcome.PASSED).size())
                .append(" passed, ").append(failed.size()).append(" failed (")
                .append(failed.size() - unexpected.size()).append(" in the known-gaps list), ")
                .append(first.with(KazooRun.Outcome.SKIPPED).size()).append(" skipped, ")
                .append(gaps.ids(KnownGaps.Kind.NOT_RUN).size()).append(" not run (listed)\n");
        unexpected.forEach(id -> sb.append(failedTwice.contains(id) ? "  FAILED TWICE: " : "  failed, passed on retry: ")
                .append(id).append('\n'));
        listedButPassed.forEach(id -> sb.append("  listed but passed (").append(gaps.entries().get(id).kind())
                .append("): ").append(id).append('\n'));
        return sb.toString();
    }
}

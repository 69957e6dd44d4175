package dev.paddock.faults.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.client.testing.TcpProxy;
import dev.paddock.faults.check.Checks;
import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RecordedHistory;
import dev.paddock.faults.history.RegisterOp;
import dev.paddock.faults.history.SessionRecord;
import dev.paddock.faults.history.SessionRecord.Fate;
import dev.paddock.faults.history.WatchRecord;
import dev.paddock.faults.history.WatchRecord.Type;
import dev.paddock.faults.run.RunClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clients cut off from a running server for longer than the session timeout: every session expires, the
 * workers see it, record it, and carry on with new sessions.
 */
class SessionExpiryTest {
    @TempDir
    Path dir;

    @Test
    void expiredSessionsAreRecordedAndReplaced() throws Exception {
        WorkloadOptions opts = new WorkloadOptions("/exp", 2, 2, 1, 2, 2, 1, 2, 2000, 1500, 10, 60_000, 5, 5L);
        try (StandaloneServer server = new StandaloneServer(dir);
             TcpProxy proxy = new TcpProxy(server.port())) {
            Workloads w = new Workloads(opts, new RunClock());
            try {
                w.setUp(server.connect());
                w.start(proxy.connectString());
                await().atMost(Duration.ofSeconds(10)).until(() -> w.registerOps().size() > 50
                        && w.watchRecords().stream().anyMatch(r -> r.type() == Type.FIRED));
                proxy.cut();
                Thread.sleep(4000);
                proxy.restore();
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        w.sessions().stream().anyMatch(s -> s.fate() == Fate.EXPIRED)
                        && w.watchRecords().stream().anyMatch(r -> r.type() == Type.EXPIRED));
                int before = w.registerOps().size();
                await().atMost(Duration.ofSeconds(20)).until(() -> w.registerOps().stream().skip(before)
                        .filter(o -> o.outcome() == Outcome.OK).count() > 50);
                w.stop();
                System.out.printf("expiry: %d operations (%d unknown), sessions %s%n", w.operations(), w.unknown(),
                        w.sessions().stream().collect(Collectors.groupingBy(SessionRecord::fate,
                                Collectors.counting())));

                List<RegisterOp> reg = w.registerOps();
                assertThat(reg.stream().map(RegisterOp::session).distinct().count())
                        .as("the register workers got new sessions").isGreaterThan(opts.registerWorkers());
                List<WatchRecord> watch = w.watchRecords();
                WatchRecord expired = watch.stream().filter(r -> r.type() == Type.EXPIRED).findFirst().orElseThrow();
                assertThat(watch).noneMatch(r -> r.session() == expired.session() && r.seq() > expired.seq());
                assertThat(watch).anyMatch(r -> r.session() != expired.session() && r.type() == Type.REGISTER);
                FinalState fin = w.collectFinal(Map.of(1, server.connect()), Duration.ofSeconds(10));
                Map<String, Long> eph = fin.ephemerals().get(1);
                for (SessionRecord s : w.sessions()) {
                    if (s.fate() == Fate.EXPIRED) {
                        assertThat(s.endedAt()).isLessThan(RegisterOp.NEVER);
                        s.ephemerals().forEach(p -> assertThat(eph).doesNotContainKey(p));
                    }
                }
                RecordedHistory h = new RecordedHistory(reg, w.setOps(), w.sessions(), watch, fin);
                assertThat(Checks.checkAll(h)).allSatisfy(v -> assertThat(v.ok()).as("%s", v).isTrue());
            } finally {
                w.close();
            }
        }
    }
}

package dev.paddock.faults.workload;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.faults.check.Checks;
import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.RecordedHistory;
import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RegisterOp;
import dev.paddock.faults.history.RegisterOp.Kind;
import dev.paddock.faults.history.SessionRecord;
import dev.paddock.faults.history.SessionRecord.Fate;
import dev.paddock.faults.history.SetOp;
import dev.paddock.faults.run.RunClock;
import dev.paddock.server.faults.FaultSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workloads through a server outage longer than the session timeout (the standalone server stopped and
 * restarted on its port with its data): operations in flight become unknown, the workloads carry on after it,
 * and the records still bound what the server holds afterwards. Before the stop the log's fsyncs are held up (a
 * disk delay through the fault hooks) until the workloads stall, so writes are surely in flight when it stops:
 * without that, a fast server sometimes answered everything before the stop and no outcome was unknown.
 */
class ServerOutageTest {
    @TempDir
    Path dir;

    @Test
    void recordsStayConsistentThroughAnOutage() throws Exception {
        WorkloadOptions opts = new WorkloadOptions("/out", 3, 4, 2, 4, 2, 1, 2, 2000, 1500, 0, 800, 5, 3L);
        Path control = dir.resolve("faults.properties");
        Files.writeString(control, "");
        StandaloneServer server = new StandaloneServer(dir.resolve("data"), 0, control);
        int port = server.port();
        String connect = server.connect();
        Workloads w = new Workloads(opts, new RunClock());
        try {
            w.setUp(connect);
            w.start(connect);
            await().atMost(Duration.ofSeconds(10)).until(() -> w.registerOps().size() > 100);
            Files.writeString(control, FaultSettings.DISK_DELAY + "=1500\n");
            AtomicInteger seen = new AtomicInteger(-1);
            // stalled: no operation completed between two looks 100 ms apart (every session waits on a write)
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> w.registerOps().size() == seen.getAndSet(w.registerOps().size()));
            server.close();
            Files.writeString(control, "");
            Thread.sleep(2500); // the outage itself: longer than the session timeout, not a synchronisation
            server = new StandaloneServer(dir.resolve("data"), port, control);
            int before = w.registerOps().size();
            await().atMost(Duration.ofSeconds(20)).until(() -> w.registerOps().stream().skip(before)
                    .filter(o -> o.outcome() == Outcome.OK).count() > 200);
            w.stop();
            Set<String> gone = w.sessions().stream().filter(s -> s.fate() != Fate.LIVE)
                    .flatMap(s -> s.ephemerals().stream()).collect(Collectors.toSet());
            AtomicReference<FinalState> last = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                FinalState f = w.collectFinal(Map.of(1, connect), Duration.ofSeconds(10));
                last.set(f);
                return f.unreachable().isEmpty() && f.ephemerals().get(1).keySet().stream().noneMatch(gone::contains);
            });
            FinalState fin = last.get();
            System.out.printf("outage: %d operations (%d unknown), sessions %s%n", w.operations(), w.unknown(),
                    w.sessions().stream().collect(Collectors.groupingBy(SessionRecord::fate, Collectors.counting())));

            assertThat(w.unknown()).isPositive();
            RecordedHistory h = new RecordedHistory(w.registerOps(), w.setOps(), w.sessions(), w.watchRecords(), fin);
            assertThat(Checks.checkAll(h)).allSatisfy(v -> assertThat(v.ok()).as("%s", v).isTrue());
            List<RegisterOp> reg = w.registerOps();
            assertThat(reg).allSatisfy(o -> {
                if (o.outcome() == Outcome.UNKNOWN) {
                    assertThat(o.completedAt()).isEqualTo(RegisterOp.NEVER);
                    assertThat(o.kind()).isIn(Kind.WRITE, Kind.CAS);
                } else {
                    assertThat(o.completedAt()).isGreaterThanOrEqualTo(o.invokedAt());
                }
            });
            for (int k = 0; k < opts.keys(); k++) {
                String key = opts.key(k);
                long ok = reg.stream().filter(o -> o.key().equals(key) && o.outcome() == Outcome.OK
                        && (o.kind() == Kind.WRITE || o.kind() == Kind.CAS)).count();
                long unknown = reg.stream().filter(o -> o.key().equals(key) && o.outcome() == Outcome.UNKNOWN)
                        .count();
                assertThat((long) fin.registers().get(1).get(key)).isBetween(ok, ok + unknown);
            }
            Map<String, Long> items = fin.setItems().get(1);
            List<SetOp> set = w.setOps();
            for (SetOp o : set) {
                if (o.outcome() == Outcome.OK) {
                    assertThat(items).containsEntry(o.created().substring(opts.setPath().length() + 1), o.value());
                }
            }
            assertThat(items.values()).doesNotHaveDuplicates();
            assertThat(items.size()).isLessThanOrEqualTo((int) set.stream()
                    .filter(o -> o.outcome() != Outcome.FAIL).count());
            Map<String, Long> eph = fin.ephemerals().get(1);
            for (SessionRecord s : w.sessions()) {
                if (s.fate() == Fate.LIVE) {
                    s.ephemerals().forEach(p -> assertThat(eph).containsEntry(p, s.session()));
                }
            }
        } finally {
            w.close();
            server.close();
        }
    }
}

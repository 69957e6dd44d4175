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
import dev.paddock.faults.history.WatchRecord;
import dev.paddock.faults.history.WatchRecord.Type;
import dev.paddock.faults.run.RunClock;
import dev.paddock.faults.run.Sample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * All workloads for a few seconds against one healthy standalone server: with no faults nothing may be unknown,
 * and every record must agree with what the server holds at the end. Run against Paddock and against ZooKeeper
 * (the control system), which must both pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WorkloadRunTestBase {
    private static final WorkloadOptions opts =
            new WorkloadOptions("/wl", 4, 6, 2, 4, 3, 2, 4, 2000, 3000, 20, 800, 5, 7L);
    private TestServer server;
    private Workloads workloads;
    private FinalState fin;

    /** A standalone server under test. */
    interface TestServer extends AutoCloseable {
        String connect();
    }

    abstract TestServer startServer(Path dataDir) throws Exception;

    @BeforeAll
    void run(@TempDir Path dir) throws Exception {
        server = startServer(dir);
        workloads = new Workloads(opts, new RunClock());
        workloads.setUp(server.connect());
        workloads.start(server.connect());
        Thread.sleep(3000);
        workloads.stop();
        Set<String> abandoned = workloads.sessions().stream().filter(s -> s.fate() == Fate.ABANDONED)
                .flatMap(s -> s.ephemerals().stream()).collect(Collectors.toSet());
        AtomicReference<FinalState> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            FinalState f = workloads.collectFinal(Map.of(1, server.connect()), Duration.ofSeconds(10));
            last.set(f);
            return f.unreachable().isEmpty()
                    && f.ephemerals().get(1).keySet().stream().noneMatch(abandoned::contains);
        });
        fin = last.get();
        System.out.printf("%s: %d operations (%d unknown): %d register, %d set, %d watch records, sessions %s%n",
                getClass().getSimpleName(), workloads.operations(), workloads.unknown(),
                workloads.registerOps().size(), workloads.setOps().size(), workloads.watchRecords().size(),
                workloads.sessions().stream().collect(Collectors.groupingBy(SessionRecord::fate,
                        Collectors.counting())));
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (workloads != null) {
            workloads.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void operationIdsAreUniqueAndTimesOrdered() {
        List<RegisterOp> reg = workloads.registerOps();
        List<SetOp> set = workloads.setOps();
        assertThat(reg).hasSizeGreaterThan(100);
        assertThat(set).hasSizeGreaterThan(20);
        Set<Long> ids = new HashSet<>();
        reg.forEach(o -> assertThat(ids.add(o.id())).as("id %d", o.id()).isTrue());
        set.forEach(o -> assertThat(ids.add(o.id())).as("id %d", o.id()).isTrue());
        assertThat(reg).allSatisfy(o -> assertThat(o.completedAt()).isGreaterThanOrEqualTo(o.invokedAt()));
        assertThat(set).allSatisfy(o -> assertThat(o.completedAt()).isGreaterThanOrEqualTo(o.invokedAt()));
        assertThat(workloads.unknown()).isZero();
    }

    @Test
    void registerRecordsAreWellFormedAndMatchTheFinalVersions() {
        List<RegisterOp> reg = workloads.registerOps();
        assertThat(reg.stream().map(RegisterOp::kind).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                Kind.values());
        for (RegisterOp o : reg) {
            assertThat(o.session()).isNotZero();
            assertThat(o.outcome()).isNotEqualTo(Outcome.UNKNOWN);
            if (o.outcome() == Outcome.OK) {
                assertThat(o.version()).isGreaterThanOrEqualTo(0);
                assertThat(o.zxid()).isPositive();
                assertThat(o.lastZxid()).isGreaterThanOrEqualTo(o.zxid());
                assertThat(o.error()).isNull();
            } else {
                assertThat(o.kind()).as("%s", o).isEqualTo(Kind.CAS);
                assertThat(o.error()).isEqualTo("BADVERSION");
            }
            if (o.kind() == Kind.WRITE || o.kind() == Kind.CAS) {
                assertThat(o.arg()).isPositive();
            }
        }
        assertThat(reg).anyMatch(o -> o.kind() == Kind.CAS && o.outcome() == Outcome.OK);
        Map<String, Integer> writes = new HashMap<>();
        Set<Long> values = new HashSet<>();
        reg.stream().filter(o -> o.outcome() == Outcome.OK && (o.kind() == Kind.WRITE || o.kind() == Kind.CAS))
                .forEach(o -> {
                    writes.merge(o.key(), 1, Integer::sum);
                    assertThat(values.add(o.arg())).isTrue();
                });
        Map<String, Integer> expected = new HashMap<>();
        for (int k = 0; k < opts.keys(); k++) {
            expected.put(opts.key(k), writes.getOrDefault(opts.key(k), 0));
        }
        assertThat(fin.registers().get(1)).isEqualTo(expected);
        // every OK read saw a value some write wrote (or the initial 0)
        reg.stream().filter(o -> o.outcome() == Outcome.OK && (o.kind() == Kind.READ || o.kind() == Kind.SYNC_READ))
                .forEach(o -> assertThat(o.value() == 0 || values.contains(o.value())).as("%s", o).isTrue());
    }

    @Test
    void everyAcknowledgedSetItemIsThereOnceWithItsValue() {
        Map<String, Long> items = fin.setItems().get(1);
        List<SetOp> ok = workloads.setOps().stream().filter(o -> o.outcome() == Outcome.OK).toList();
        assertThat(ok).hasSameSizeAs(workloads.setOps());
        assertThat(items).hasSameSizeAs(ok);
        assertThat(ok.stream().map(SetOp::value).distinct().count()).isEqualTo(ok.size());
        for (SetOp o : ok) {
            assertThat(o.created()).startsWith(opts.setPath() + "/item-");
            assertThat(items.get(o.created().substring(opts.setPath().length() + 1))).isEqualTo(o.value());
        }
    }

    @Test
    void sessionsEndEveryWayAndTheirEphemeralsFollow() {
        List<SessionRecord> sessions = workloads.sessions();
        Map<Fate, List<SessionRecord>> byFate = sessions.stream().collect(Collectors.groupingBy(SessionRecord::fate));
        assertThat(byFate.keySet()).contains(Fate.LIVE, Fate.CLOSED, Fate.ABANDONED);
        assertThat(byFate.keySet()).doesNotContain(Fate.EXPIRED, Fate.UNKNOWN);
        assertThat(sessions.stream().map(SessionRecord::session).distinct().count()).isEqualTo(sessions.size());
        Map<String, Long> eph = fin.ephemerals().get(1);
        for (SessionRecord s : sessions) {
            assertThat(s.unknown()).isEmpty();
            assertThat(s.ephemerals()).hasSize(opts.ephemeralsPerSession());
            for (String p : s.ephemerals()) {
                if (s.fate() == Fate.LIVE) {
                    assertThat(eph).containsEntry(p, s.session());
                    assertThat(s.endedAt()).isEqualTo(RegisterOp.NEVER);
                } else {
                    assertThat(eph).doesNotContainKey(p);
                }
            }
        }
        Set<Long> live = byFate.get(Fate.LIVE).stream().map(SessionRecord::session).collect(Collectors.toSet());
        assertThat(eph.values()).allMatch(live::contains);
    }

    @Test
    void watchRecordsAreOrderedPerSessionAndFireOnce() {
        List<WatchRecord> recs = workloads.watchRecords();
        assertThat(recs).anyMatch(r -> r.type() == Type.REGISTER);
        assertThat(recs).anyMatch(r -> r.type() == Type.FIRED);
        assertThat(recs).anyMatch(r -> r.type() == Type.READ);
        Map<Long, Long> lastSeq = new HashMap<>();
        Map<Long, WatchRecord> registered = new HashMap<>();
        Set<Long> fired = new HashSet<>();
        for (WatchRecord r : recs) {
            Long prev = lastSeq.put(r.session(), r.seq());
            assertThat(r.seq()).as("%s", r).isGreaterThan(prev == null ? 0 : prev);
            if (r.type() == Type.REGISTER) {
                assertThat(registered.put(r.registration(), r)).isNull();
                assertThat(r.version()).isGreaterThanOrEqualTo(0);
            } else if (r.type() == Type.FIRED) {
                WatchRecord reg = registered.get(r.registration());
                assertThat(reg).as("registered before it fired: %s", r).isNotNull();
                assertThat(reg.session()).isEqualTo(r.session());
                assertThat(fired.add(r.registration())).as("fired once: %s", r).isTrue();
                assertThat(r.event()).isEqualTo("NodeDataChanged");
            }
        }
        assertThat(fin.watchedVersions()).hasSize(opts.watchNodes());
        assertThat(fin.watchedVersions().values()).allMatch(v -> v > 0);
    }

    @Test
    void theCheckersAcceptTheHistory() {
        RecordedHistory h = new RecordedHistory(workloads.registerOps(), workloads.setOps(), workloads.sessions(),
                workloads.watchRecords(), fin);
        assertThat(Checks.checkAll(h)).allSatisfy(v -> assertThat(v.ok()).as("%s", v).isTrue());
    }

    @Test
    void finalStateAndSamplesArePresent() throws Exception {
        assertThat(fin.digests()).containsOnlyKeys(1);
        assertThat(fin.digests().get(1)).matches("[0-9a-f]{64}");
        assertThat(fin.unreachable()).isEmpty();
        FinalState again = workloads.collectFinal(Map.of(1, server.connect(), 2, "127.0.0.1:1"),
                Duration.ofSeconds(2));
        assertThat(again.unreachable()).containsExactly("2");
        List<Sample> samples = workloads.samples();
        assertThat(samples).isNotEmpty();
        assertThat(samples.stream().mapToLong(s -> s.ok() + s.fail() + s.unknown()).sum())
                .isEqualTo(workloads.operations());
        assertThat(samples).anyMatch(s -> s.p99Millis() > 0);
        assertThat(Stream.of(fin.digests().get(1))).containsExactly(again.digests().get(1));
    }
}

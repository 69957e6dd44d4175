package dev.paddock.faults.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.HistoryFiles;
import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RecordedHistory;
import dev.paddock.faults.history.RegisterOp;
import dev.paddock.faults.history.SessionRecord;
import dev.paddock.faults.history.SetOp;
import dev.paddock.faults.history.WatchRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFilesTest {

    @TempDir
    Path dir;

    @Test
    void everyRecordTypeRoundTrips() throws IOException {
        RegisterOp op = new RegisterOp(1, 2, 0x1234L, RegisterOp.Kind.CAS, "/r/0", 7, 3, 10, RegisterOp.NEVER,
                Outcome.UNKNOWN, 0, -1, -1, 0x500000001L, "ConnectionLoss");
        SetOp set = new SetOp(2, 1, 5, 100, 1, 2, Outcome.OK, "/set/item-0000000001", null);
        SessionRecord session = new SessionRecord(3, 0xabcL, 4000, List.of("/e/1"), List.of(), SessionRecord.Fate.LIVE,
                RegisterOp.NEVER);
        WatchRecord watch = new WatchRecord(4, 0xabcL, 9, WatchRecord.Type.FIRED, 3, "/w", -1, 0x77, "NodeDataChanged",
                55);
        FinalState end = new FinalState(Map.of(1, "d1"), Map.of(1, Map.of("item-0000000001", 100L)),
                Map.of(1, Map.of("/e/1", 0xabcL)), Map.of(1, Map.of("/r/0", 4)), Map.of("/w", 2), List.of("3"));
        try (HistoryFiles.Writer w = HistoryFiles.writer(dir)) {
            w.register(op);
            w.set(set);
            w.session(session);
            w.watch(watch);
            w.finalState(end);
        }
        RecordedHistory h = HistoryFiles.read(dir);
        assertThat(h.registers()).containsExactly(op);
        assertThat(h.sets()).containsExactly(set);
        assertThat(h.sessions()).containsExactly(session);
        assertThat(h.watches()).containsExactly(watch);
        assertThat(h.finalState()).isEqualTo(end);
    }

    @Test
    void missingFilesReadAsEmpty() throws IOException {
        RecordedHistory h = HistoryFiles.read(dir);
        assertThat(h.registers()).isEmpty();
        assertThat(h.watches()).isEmpty();
        assertThat(h.finalState()).isEqualTo(RecordedHistory.EMPTY_FINAL);
    }

    @Test
    void manyThreadsAppendWholeLines() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (HistoryFiles.Writer w = HistoryFiles.writer(dir)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int worker = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        w.register(new RegisterOp(worker * 1000L + i, worker, 1, RegisterOp.Kind.WRITE, "/r", i, -1, i,
                                i + 1, Outcome.OK, 0, i + 1, i, i, null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<RegisterOp> read = HistoryFiles.read(dir).registers();
        assertThat(read).hasSize(1000);
        assertThat(read).extracting(RegisterOp::id).doesNotHaveDuplicates();
    }

    @Test
    void tornLastLineIsSkippedButCorruptionInsideIsNot() throws IOException {
        try (HistoryFiles.Writer w = HistoryFiles.writer(dir)) {
            w.set(new SetOp(1, 0, 1, 100, 1, 2, Outcome.OK, "/s/item-1", null));
        }
        Path file = dir.resolve(HistoryFiles.SET);
        Files.writeString(file, "{\"id\":2,\"work", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(HistoryFiles.read(dir).sets()).hasSize(1);
        Files.writeString(file, "\n{\"id\":3}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> HistoryFiles.read(dir)).isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }

    @Test
    void closedWriterRefusesAppends() throws IOException {
        HistoryFiles.Writer w = HistoryFiles.writer(dir);
        w.close();
        assertThatThrownBy(() -> w.set(new SetOp(1, 0, 1, 100, 1, 2, Outcome.OK, "/s/item-1", null)))
                .isInstanceOf(IllegalStateException.class);
    }
}

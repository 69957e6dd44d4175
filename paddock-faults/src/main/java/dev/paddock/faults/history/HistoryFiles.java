package dev.paddock.faults.history;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's history on disk: one JSON object per line per record type ({@value #REGISTER}, {@value #SET},
 * {@value #SESSIONS}, {@value #WATCHES}) and {@value #FINAL} for the final state, all in the run directory.
 * JSON lines survive a crash of the writer: everything up to the last full line is kept, and a torn last line is
 * skipped on reading.
 */
public final class HistoryFiles {

    public static final String REGISTER = "register.jsonl";
    public static final String SET = "set.jsonl";
    public static final String SESSIONS = "sessions.jsonl";
    public static final String WATCHES = "watches.jsonl";
    public static final String FINAL = "final.json";

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private HistoryFiles() {
    }

    /** Opens an appender on {@code dir} (created if needed); files appear on their first record. */
    public static Writer writer(Path dir) throws IOException {
        return new Writer(dir);
    }

    /** Reads everything recorded in {@code dir}; a missing file reads as no records (no final state). */
    public static RecordedHistory read(Path dir) throws IOException {
        FinalState end = null;
        Path finalFile = dir.resolve(FINAL);
        if (Files.exists(finalFile)) {
            end = JSON.readValue(finalFile.toFile(), FinalState.class);
        }
        return new RecordedHistory(lines(dir.resolve(REGISTER), RegisterOp.class),
                lines(dir.resolve(SET), SetOp.class), lines(dir.resolve(SESSIONS), SessionRecord.class),
                lines(dir.resolve(WATCHES), WatchRecord.class), end);
    }

    /** Reads one JSON-lines file; blank lines are skipped, and so is an unparsable last line (a torn write). */
    public static <T> List<T> lines(Path file, Class<T> type) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<T> records = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                records.add(JSON.readValue(line, type));
            } catch (IOException e) {
                if (i < lines.size() - 1) {
                    throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        return records;
    }

    /**
     * A thread-safe appender for one run directory. Each append writes a whole line under that file's lock, so
     * lines from many workers never interleave; {@link #close} flushes and closes every file.
     */
    public static final class Writer implements Closeable {
        private final Path dir;
        private final Map<String, java.io.Writer> open = new HashMap<>();
        private boolean closed;

        private Writer(Path dir) throws IOException {
            this.dir = Files.createDirectories(dir);
        }

        public void register(RegisterOp op) {
            append(REGISTER, op);
        }

        public void set(SetOp op) {
            append(SET, op);
        }

        public void session(SessionRecord s) {
            append(SESSIONS, s);
        }

        public void watch(WatchRecord w) {
            append(WATCHES, w);
        }

        /** Writes (replaces) final.json at once. */
        public void finalState(FinalState end) {
            try {
                JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FINAL).toFile(), end);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Pushes buffered lines to the files (the workloads call it between phases; close does it too). */
        public synchronized void flush() {
            try {
                for (java.io.Writer w : open.values()) {
                    w.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void append(String file, Object record) {
            String line;
            try {
                line = JSON.writeValueAsString(record) + "\n";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("history writer on " + dir + " is closed");
                }
                try {
                    java.io.Writer w = open.get(file);
                    if (w == null) {
                        w = Files.newBufferedWriter(dir.resolve(file), StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        open.put(file, w);
                    }
                    w.write(line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            IOException first = null;
            for (java.io.Writer w : open.values()) {
                try {
                    w.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            open.clear();
            if (first != null) {
                throw first;
            }
        }
    }
}

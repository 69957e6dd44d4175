package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.tool.PaddockTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool on a real directory written by the real storage code. */
class PaddockToolTest {
    @TempDir
    Path dataDir;

    private String run(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try {
            PaddockToolAccess.setOut(new PrintStream(buf, true));
            int rc = PaddockTool.run(args);
            return rc + "\n" + buf;
        } finally {
            PaddockToolAccess.setOut(old);
        }
    }

    private void fill() throws IOException {
        Storage s = Storage.open(dataDir, dataDir, new Storage.Config(1000, 65536, true,
                new Recovery.Options(false, false)));
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(9), new DataTree(), Map.of());
        for (int i = 0; i < 100; i++) {
            w.step();
            List<LoggedTxn> p = w.take();
            if (!p.isEmpty()) {
                s.append(p);
                s.sync();
                w.core.committed(p.get(p.size() - 1).zxid(), w.now);
            }
        }
        s.snapshot(w.core.tree(), w.core.sessionTimeouts(), w.core.lastProcessedZxid());
        s.close();
    }

    @Test
    void verifyLogdumpAndSnapdumpDescribeAHealthyDirectory() throws IOException {
        fill();
        String verify = run("verify", dataDir.toString());
        assertThat(verify).startsWith("0\n").contains("recovery: ok").contains("verify: no problems found");
        Path log = dataDir.resolve(Storage.SUBDIR).resolve(Recovery.logFiles(
                new dev.paddock.storage.disk.RealDisk(dataDir.resolve(Storage.SUBDIR), false)).get(0));
        String dump = run("logdump", log.toString());
        assertThat(dump).contains("create_session").contains("zxid 0x1 ").contains("EOF reached after");
        List<String> snaps = Recovery.snapshotFiles(new dev.paddock.storage.disk.RealDisk(dataDir.resolve(Storage.SUBDIR), false));
        String snap = run("snapdump", dataDir.resolve(Storage.SUBDIR).resolve(snaps.get(snaps.size() - 1)).toString());
        assertThat(snap).contains("/zookeeper/config").contains("cZxid = 0x").contains("Session Details");
    }

    @Test
    void verifyNamesTheCorruptFileAndChangesNothing() throws IOException {
        fill();
        Path dir = dataDir.resolve(Storage.SUBDIR);
        String logName = Recovery.logFiles(new dev.paddock.storage.disk.RealDisk(dir, false)).get(0);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(logName).toFile(), "rw")) {
            f.seek(LogCodec.HEADER_BYTES + 20);
            int b = f.read();
            f.seek(LogCodec.HEADER_BYTES + 20);
            f.write(b ^ 0x10);
        }
        long size = dir.resolve(logName).toFile().length();
        String verify = run("verify", dataDir.toString());
        assertThat(verify).startsWith("1\n").contains(logName).contains("CORRUPT").contains("problem(s) found");
        assertThat(dir.resolve(logName).toFile().length()).isEqualTo(size);
    }
}

package dev.paddock.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The C client's shell {@code cli_mt} (Debian's zookeeper-bin) runs the golden script {@code cli_mt.script} against
 * Paddock and against ZooKeeper 3.9.3; the two normalised transcripts must be equal line for line. Both are left in
 * {@code target/clients-work/cli_mt/} to read.
 */
class CliMtGoldenTest {
    /** Session ids, zxids, times and durations differ by nature; children come in no promised order. */
    static Normaliser normaliser() {
        return new Normaliser()
                .name("session id: 0x([0-9a-f]+)", "session")
                .name("session Id = ([0-9a-f]+)", "session")
                .name("ephemeralOwner = ([0-9a-f]*[1-9a-f][0-9a-f]*)", "session")
                .name("[cm]zxid=([0-9a-f]+)", "zxid")
                .mask("[cm]time ?= ?(.+)$", "time")
                .mask("time = (\\d+) msec", "ms")
                .sortRunsOf("\t[^\t=]+");
    }

    @Test
    void goldenScriptGivesTheSameTranscriptOnPaddockAsOnZooKeeper() throws Exception {
        Tool.assumeFile(CliMtSession.CLI_MT, "the C client's shell cli_mt (Debian package zookeeper-bin)");
        List<String> script = Files.readAllLines(Checkout.module().resolve("src/test/resources/cli_mt.script"), StandardCharsets.UTF_8);
        Path work = Checkout.work("cli_mt");
        String zookeeper = transcript(ServerKind.ZOOKEEPER, script, work);
        String paddock = transcript(ServerKind.PADDOCK, script, work);

        // the script did what it says (so that two equally broken runs cannot pass)
        assertThat(zookeeper)
                .contains("Watcher CHANGED_EVENT state = CONNECTED_STATE for path /golden")
                .contains("Watcher CHILD_EVENT state = CONNECTED_STATE for path /golden")
                .contains("Watcher CREATED_EVENT state = CONNECTED_STATE for path /golden/later")
                .contains("name = /golden/seq-0000000001")
                .contains("/golden: rc = -111")
                .contains("[/golden]: rc = -110");
        assertThat(paddock).isEqualTo(zookeeper);
    }

    private static String transcript(ServerKind kind, List<String> script, Path work) throws Exception {
        Path dir = Files.createDirectories(work.resolve(kind.name().toLowerCase()));
        try (ServerProcess server = ServerProcess.start(kind, dir)) {
            String raw = CliMtSession.run(server.connectString(), script, dir.resolve("cli_mt.raw"));
            String normalised = normaliser().apply(raw);
            Files.writeString(work.resolve(kind.name().toLowerCase() + ".txt"), normalised);
            return normalised;
        }
    }
}

package dev.paddock.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pseudo-cluster of the ZooKeeper docs with the background commands: {@code bin/paddock-server start} on
 * each zoo.cfg in turn (each returns STARTED without waiting for a quorum, as zkServer.sh), {@code status} on each
 * (one leader, the others followers), {@code stop} on each. The client ports are given only in the server lines
 * ({@code server.N=…;127.0.0.1:port}), where the launcher finds them as zkServer.sh does, from myid.
 */
class LauncherEnsembleTest {

    @Test
    void startStatusStopEachMemberInTurn() throws Exception {
        try (ProcessEnsemble e = ProcessEnsemble.create(ProcessEnsemble.testDir("launcher"), 3, 0, Map.of(),
                true)) {
            for (Member m : e.members()) {
                long t0 = System.nanoTime();
                Launcher.Result r = m.daemonStart();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.exitCode()).as(r.output()).isZero();
                // the first one alone has no quorum: it must not be waited for until the start timeout
                assertThat(r.output()).as("server %d after %d ms", m.sid, ms).contains("STARTED")
                        .doesNotContain("not answering");
                assertThat(m.daemonPid()).isPresent();
            }
            List<String> modes = new ArrayList<>();
            ProcessEnsemble.await("every member reports its mode", ProcessEnsemble.FORM_TIMEOUT, () -> {
                modes.clear();
                for (Member m : e.members()) {
                    Launcher.Result s = m.status();
                    if (s.exitCode() != 0) {
                        return false;
                    }
                    assertThat(s.output()).contains("Client port found: " + m.clientPort + ". Client address: 127.0.0.1.");
                    modes.add(s.output().lines().filter(l -> l.startsWith("Mode: ")).findFirst().orElse("?"));
                }
                return true;
            }, () -> "modes " + modes);
            assertThat(modes).containsExactlyInAnyOrder("Mode: leader", "Mode: follower", "Mode: follower");
            for (Member m : e.members()) {
                assertThat(Files.list(m.daemonLogDir()).map(p -> p.getFileName().toString()).toList())
                        .as("server %d writes its log in ZOO_LOG_DIR", m.sid).anyMatch(n -> n.endsWith(".log"));
                long pid = m.daemonPid().orElseThrow();
                Launcher.Result r = m.daemonStop();
                assertThat(r.output()).contains("STOPPED");
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            }
        }
    }
}

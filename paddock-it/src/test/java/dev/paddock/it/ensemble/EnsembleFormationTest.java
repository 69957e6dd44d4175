package dev.paddock.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ensembles started by bin/paddock-server from one zoo.cfg per server elect exactly one leader. */
class EnsembleFormationTest {

    @ParameterizedTest(name = "{0} servers")
    @ValueSource(ints = {3, 5})
    void formsWithExactlyOneLeader(int size) throws Exception {
        try (ProcessEnsemble e = ProcessEnsemble.create(ProcessEnsemble.testDir("form" + size), size, 0, Map.of())) {
            // one member alone has no quorum: it answers ruok but says it is not serving, and status fails
            // as zkServer.sh's does
            Member first = e.member(1);
            first.start();
            ProcessEnsemble.await("server.1 up", ProcessEnsemble.FORM_TIMEOUT,
                    () -> { first.checkAlive(); return first.fourLetterWord("ruok").equals("imok"); }, () -> "");
            assertThat(first.fourLetterWord("srvr"))
                    .isEqualTo("This ZooKeeper instance is not currently serving requests\n");
            Launcher.Result alone = first.status();
            assertThat(alone.exitCode()).as(alone.output()).isEqualTo(1);
            assertThat(alone.output()).contains("Error contacting service. It is probably not running.");
            for (Member m : e.members()) {
                if (m != first) {
                    m.start();
                }
            }
            Member leader = e.awaitFormed();
            Map<Long, String> modes = e.modes();
            assertThat(modes.values()).as("modes %s", modes).containsOnly("leader", "follower");
            assertThat(modes.values().stream().filter("leader"::equals).count()).isEqualTo(1);
            // which one leads depends on who was up when a quorum first formed; every server agrees on it
            assertThat(modes.get(leader.sid)).isEqualTo("leader");
            // the launcher's status, as zkServer.sh prints it
            Launcher.Result status = e.member(1).status();
            assertThat(status.exitCode()).as(status.output()).isZero();
            assertThat(status.output()).contains("Mode: follower");
            Launcher.Result leaderStatus = leader.status();
            assertThat(leaderStatus.output()).contains("Mode: leader");
        }
    }
}

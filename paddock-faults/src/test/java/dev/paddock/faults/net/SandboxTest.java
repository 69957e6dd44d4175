package dev.paddock.faults.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real namespaces, veths, bridge, tmpfs and iptables as root: made as described, and gone after close. */
class SandboxTest {
    @TempDir
    Path tmp;

    @Test
    void createsNamespacesWithAddressesAndRemovesEverythingOnClose() {
        int index;
        try (Sandbox sb = Sandbox.create(3)) {
            index = sb.index();
            assertThat(sb.traces()).contains("netns " + sb.namespace(1), "netns " + sb.namespace(3),
                    "link " + sb.bridge(), "link " + sb.name() + "v2");
            assertThat(Cmd.run("ip", "-o", "addr", "show", "dev", sb.bridge())).contains(sb.bridgeAddress() + "/24");
            String inner = sb.run(2, "ip", "-o", "addr", "show");
            assertThat(inner).contains(sb.address(2) + "/24").contains("127.0.0.1");
            assertThat(sb.address(2)).isEqualTo("10.231." + index + ".2");
            assertThat(sb.run(1, "ip", "-o", "link", "show", "lo")).contains("UP");
            sb.mountTmpfs(tmp.resolve("disk"), 4);
            assertThat(sb.traces()).contains("mount " + tmp.resolve("disk"));
        }
        assertThat(Sandbox.traces(index)).isEmpty();
        assertThat(Files.exists(StateDir.ownerFile(Sandbox.nameOf(index)))).isFalse();
    }

    @Test
    void fiveNamespacesWithNamesWithinTheKernelLimit() {
        try (Sandbox sb = Sandbox.create(5)) {
            assertThat(sb.traces()).hasSize(5 + 1 + 5); // namespaces, bridge, host veths
            for (String t : sb.traces()) {
                assertThat(t.substring(t.indexOf(' ') + 1).length()).isLessThanOrEqualTo(15);
            }
            assertThat(sb.run(5, "ip", "-o", "addr", "show")).contains(sb.address(5) + "/24");
            assertThatThrownBy(() -> sb.address(6)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void concurrentSandboxesTakeDifferentIndexes() {
        try (Sandbox a = Sandbox.create(1); Sandbox b = Sandbox.create(1)) {
            assertThat(a.index()).isNotEqualTo(b.index());
            assertThat(a.address(1)).isNotEqualTo(b.address(1));
        }
    }

    @Test
    void aTestThatThrowsLeavesNothingBehind() throws Exception {
        int[] index = new int[1];
        Path disk = tmp.resolve("d");
        assertThatThrownBy(() -> {
            try (Sandbox sb = Sandbox.create(2)) {
                index[0] = sb.index();
                sb.mountTmpfs(disk, 4);
                sb.firewall().loss(1, 0.5);
                sb.run(1, "sleep", "0"); // a command in the namespace works
                throw new IllegalStateException("boom");
            }
        }).hasMessage("boom");
        assertThat(Sandbox.traces(index[0])).isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(disk.toString());
    }

    @Test
    void sweepStaleRemovesASandboxWhoseOwnerDied() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Sandbox sb = Sandbox.create(2);
        Path disk = tmp.resolve("stale");
        sb.mountTmpfs(disk, 4);
        // a process left running in a namespace by the dead owner
        Process orphan = new ProcessBuilder(sb.inNamespace(1, List.of("sleep", "300"))).start();
        try {
            StateDir.rewriteOwner(sb.name(), gone.pid());
            assertThat(Sandbox.sweepStale()).contains(sb.name());
            assertThat(Sandbox.traces(sb.index())).isEmpty();
            assertThat(orphan.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(disk.toString());
        } finally {
            orphan.destroyForcibly();
            sb.close(); // already swept: nothing left to do, must not fail
        }
    }

    @Test
    void sweepStaleLeavesLiveOwnersAlone() {
        try (Sandbox sb = Sandbox.create(1)) {
            assertThat(Sandbox.sweepStale()).doesNotContain(sb.name());
            assertThat(sb.traces()).isNotEmpty();
        }
    }

    @Test
    void firewallRulesAreAddedInTheNamespacesAndHealed() {
        try (Sandbox sb = Sandbox.create(3)) {
            Firewall fw = sb.firewall();
            fw.loss(2, 0.25);
            assertThat(fw.rules(2)).containsExactly(
                    "-A PADDOCK -s " + sb.address(1) + "/32 -m statistic --mode random --probability 0.25000000000"
                            + " -j DROP",
                    "-A PADDOCK -s " + sb.address(3) + "/32 -m statistic --mode random --probability 0.25000000000"
                            + " -j DROP");
            assertThat(sb.run(2, "iptables", "-S", "INPUT")).contains("-A INPUT -j PADDOCK");
            fw.partition(List.of(Set.of(1), Set.of(2, 3)), Scope.QUORUM_ONLY);
            assertThat(fw.rules(1)).hasSize(2).allMatch(r -> r.contains("--ports 2888,3888"));
            assertThat(fw.rules(3)).containsExactly("-A PADDOCK -s " + sb.address(1)
                    + "/32 -p tcp -m multiport --ports 2888,3888 -j DROP");
            fw.dropOneWay(3, 1, Scope.ALL);
            assertThat(fw.rules(1)).contains("-A PADDOCK -s " + sb.address(3) + "/32 -j DROP");
            fw.isolateFromClients(3);
            assertThat(fw.rules(3)).contains("-A PADDOCK -s " + sb.bridgeAddress()
                    + "/32 -p tcp -m tcp --dport 2181 -j DROP");
            fw.healAll();
            for (int n = 1; n <= 3; n++) {
                assertThat(fw.rules(n)).isEmpty();
            }
            // the root namespace's tables are untouched
            assertThat(Cmd.run("iptables", "-S")).doesNotContain("PADDOCK").doesNotContain(sb.subnet());
        }
    }

    @Test
    void aFailingCommandNamesItselfAndItsError() {
        assertThatThrownBy(() -> Cmd.run("ip", "link", "show", "pdk-no-such-link"))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("ip link show pdk-no-such-link")
                .hasMessageContaining("does not exist");
    }
}

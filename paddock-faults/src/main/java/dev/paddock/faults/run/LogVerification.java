package dev.paddock.faults.run;

import dev.paddock.faults.check.Verdict;
import dev.paddock.faults.cluster.Checkout;
import dev.paddock.faults.cluster.Cluster;
import dev.paddock.faults.cluster.ServerNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * After a run, with every server stopped: {@code bin/paddock-tool verify} over each server's data directory
 * (snapshots and logs readable, CRCs right, recovery dry-runs). ZooKeeper's files are in the same format, so the
 * control runs are verified too.
 */
final class LogVerification {
    private LogVerification() {
    }

    /** Verifies each server's data directory, with every server stopped and the directories still mounted. */
    static Verdict verify(Cluster cluster) throws IOException, InterruptedException {
        Path tool = Checkout.home().resolve("bin").resolve("paddock-tool");
        List<Process> running = new ArrayList<>();
        List<ServerNode> nodes = List.copyOf(cluster.nodes());
        for (ServerNode n : nodes) {
            ProcessBuilder pb = new ProcessBuilder(tool.toString(), "verify", n.dataDir().toString())
                    .redirectErrorStream(true);
            pb.environment().put("PADDOCK_SKIP_BUILD", "1");
            running.add(pb.start());
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Process p = running.get(i);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                problems.add("server " + nodes.get(i).id() + ": verify did not finish in 120 s");
            } else if (p.exitValue() != 0) {
                problems.add("server " + nodes.get(i).id() + ": verify exited " + p.exitValue() + ": "
                        + out.strip().replace('\n', ' '));
            }
        }
        return Verdict.of("logs", nodes.size(), problems);
    }
}

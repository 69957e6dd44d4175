package dev.paddock.it.ensemble;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every child process the harness started, killed by a shutdown hook if a test run ends without closing its
 * ensemble (a crash of the test JVM's main path, an interrupted build). The per-test close is the normal path.
 */
final class Processes {
    private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ProcessHandle::destroyForcibly),
                "paddock-it-kill-children"));
    }

    private Processes() {
    }

    static void register(Process p) {
        register(p.toHandle());
    }

    /** Also a server started in the background by the launcher, which is no child of ours. */
    static void register(ProcessHandle p) {
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
    }
}

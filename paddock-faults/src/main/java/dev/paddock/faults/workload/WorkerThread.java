package dev.paddock.faults.workload;

/**
 * The daemon thread a workload worker runs its loop on: started with the run, joined with a grace period at its
 * end (a worker still stuck in an operation then is given up on, not waited for), interrupted to stop it for good.
 * Daemon, so a worker that never returns cannot keep the JVM alive.
 */
final class WorkerThread {
    private final Thread thread;

    WorkerThread(Runnable loop, String name) {
        this.thread = new Thread(loop, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits up to {@code ms} for the loop to return; false if it is still running. */
    boolean join(long ms) throws InterruptedException {
        thread.join(ms);
        return !thread.isAlive();
    }

    void interrupt() {
        thread.interrupt();
    }

    String name() {
        return thread.getName();
    }
}

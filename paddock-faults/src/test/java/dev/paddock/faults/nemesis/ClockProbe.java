package dev.paddock.faults.nemesis;

/**
 * A child JVM for ClockFaultTest: every 50 ms prints "wallMs monotonicMs" (System.currentTimeMillis and
 * System.nanoTime, read back to back), until its stdin closes; then it exits 0.
 */
public final class ClockProbe {
    private ClockProbe() {
    }

    public static void main(String[] args) throws Exception {
        Thread reader = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the test never writes: end of input is the signal to stop
                }
            } catch (java.io.IOException e) {
                // same as end of input
            }
            System.out.flush();
            System.exit(0);
        }, "stdin-watch");
        reader.setDaemon(true);
        reader.start();
        while (true) {
            long wall = System.currentTimeMillis();
            long mono = System.nanoTime() / 1_000_000L;
            System.out.println(wall + " " + mono);
            System.out.flush();
            Thread.sleep(50);
        }
    }
}

package dev.paddock.bench.overload;

import dev.paddock.bench.ServerProcess;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.proto.ConnectRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connects as fast as {@code threads} threads can: TCP connect, a ConnectRequest for a new session (4 s timeout),
 * then close at once without waiting for the answer (SO_LINGER 0, so the client side leaves no TIME_WAIT behind and
 * the storm does not run out of local ports). Alongside, {@code silent} connections are opened and never send a
 * byte, held until the attack stops.
 */
public final class ConnectionStorm implements Attack {
    /** A whole ConnectRequest frame for a new session with a 4 s timeout, as the official client sends it. */
    private static final byte[] CONNECT = connectFrame();

    private final int threadCount;
    private final int silent;
    /** Connects per second the threads aim at together: the same attack for every server (open loop). */
    private final int rate;
    private final java.util.concurrent.atomic.AtomicLong issued = new java.util.concurrent.atomic.AtomicLong();
    private final AttackThreads threads = new AttackThreads("connection storm");
    private final LongAdder connects = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final List<Socket> idle = new ArrayList<>();
    private volatile long startNanos;
    private String result;

    public ConnectionStorm(int threads, int silent, int rate) {
        this.threadCount = threads;
        this.silent = silent;
        this.rate = rate;
    }

    @Override
    public String name() {
        return "connection storm";
    }

    @Override
    public String description() {
        return threadCount + " threads connect, send a ConnectRequest and close without reading, " + rate
                + " times a second together (as far as the server lets them); " + silent
                + " more connections are opened and never send anything";
    }

    @Override
    public void start(ServerProcess server) {
        startNanos = System.nanoTime();
        int port = server.port();
        threads.spawn(() -> {
            for (int i = 0; i < silent && threads.running(); i++) {
                Socket s = new Socket();
                try {
                    threads.track(s);
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    synchronized (idle) {
                        idle.add(s);
                    }
                } catch (IOException e) {
                    failures.increment();
                    AttackThreads.closeQuietly(s);
                    threads.untrack(s);
                }
            }
        });
        for (int t = 0; t < threadCount; t++) {
            threads.spawn(() -> {
                InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
                while (threads.running()) {
                    long due = startNanos + issued.getAndIncrement() * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    try (Socket s = new Socket()) {
                        s.setSoLinger(true, 0);
                        s.connect(to, 5_000);
                        s.getOutputStream().write(CONNECT);
                        connects.increment();
                    } catch (IOException e) {
                        failures.increment();
                    }
                }
            });
        }
    }

    private static byte[] connectFrame() {
        JuteOutput o = new JuteOutput(64);
        o.writeInt(0);
        new ConnectRequest(0, 0L, 4_000, 0L, new byte[16]).write(o);
        o.writeBool(false);
        o.setInt(0, o.size() - 4);
        return o.toByteArray();
    }

    @Override
    public synchronized String stop() {
        if (result == null) {
            threads.stop();
            double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
            int held;
            synchronized (idle) {
                held = idle.size();
            }
            result = connects.sum() + " connects with a ConnectRequest (" + Math.round(connects.sum() / secs)
                    + "/s), " + held + " silent connections held, " + failures.sum() + " connects failed";
        }
        return result;
    }
}

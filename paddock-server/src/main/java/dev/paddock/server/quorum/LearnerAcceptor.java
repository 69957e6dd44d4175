package dev.paddock.server.quorum;

import dev.paddock.server.quorum.auth.ServerAuthHandshake;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of the quorum port: listens on each of its quorum addresses (ZooKeeper 3.6+ may list several),
 * one accepting thread per address, and turns each learner connection into a {@link QuorumConnection} reporting to
 * one listener. With quorum SASL off (ZooKeeper's default) nothing is exchanged before the learner's first packet;
 * with it on, each connection's auth step runs on a thread of its own before its {@link QuorumConnection} starts
 * (ZooKeeper runs it on the accepting thread, which one slow learner then holds up).
 */
public final class LearnerAcceptor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LearnerAcceptor.class);

    private final QuorumTransportSettings settings;
    private final QuorumSecurity security;
    private final Consumer<QuorumEvent> events;
    /** Connections in their auth step, closed on {@link #close()}. */
    private final Set<Socket> handshaking = ConcurrentHashMap.newKeySet();
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final List<Thread> acceptThreads = new ArrayList<>();
    private final Set<QuorumConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LearnerAcceptor(QuorumTransportSettings settings, QuorumSecurity security,
            Consumer<QuorumEvent> events) {
        this.settings = settings;
        this.security = security;
        this.events = events;
    }

    /** Binds every address (port 0 picks a free one) and starts accepting; fails if any address cannot be bound. */
    public static LearnerAcceptor start(List<InetSocketAddress> bindAddresses, QuorumTransportSettings settings,
            Consumer<QuorumEvent> events) throws IOException {
        return start(bindAddresses, settings, QuorumSecurity.NONE, events);
    }

    /** As {@link #start(List, QuorumTransportSettings, Consumer)}, each learner first passing {@code security}. */
    public static LearnerAcceptor start(List<InetSocketAddress> bindAddresses, QuorumTransportSettings settings,
            QuorumSecurity security, Consumer<QuorumEvent> events) throws IOException {
        LearnerAcceptor a = new LearnerAcceptor(settings, security, events);
        try {
            for (InetSocketAddress addr : bindAddresses) {
                ServerSocket ss = new ServerSocket();
                a.listeners.add(ss);
                ss.setReuseAddress(true);
                ss.bind(addr);
                LOG.info("Quorum port: leader listening for learners on {}", ss.getLocalSocketAddress());
            }
        } catch (IOException e) {
            a.close();
            throw new IOException("cannot listen on the quorum port " + bindAddresses + ": " + e.getMessage(), e);
        }
        for (ServerSocket ss : a.listeners) {
            Thread t = new Thread(() -> a.acceptLoop(ss), "paddock-quorum-accept-" + ss.getLocalPort());
            t.setDaemon(true);
            a.acceptThreads.add(t);
            t.start();
        }
        return a;
    }

    public List<InetSocketAddress> boundAddresses() {
        return listeners.stream().map(s -> (InetSocketAddress) s.getLocalSocketAddress()).toList();
    }

    /** The learner connections open now. */
    public List<QuorumConnection> connections() {
        return List.copyOf(open);
    }

    private void acceptLoop(ServerSocket ss) {
        while (!closed) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.error("Quorum port: accepting on {} failed, no more learners there: {}",
                            ss.getLocalSocketAddress(), e.toString());
                }
                return;
            }
            try {
                if (closed || open.size() + handshaking.size() >= settings.maxConnections()) {
                    LOG.warn("Quorum port: refused learner from {}: {}", s.getRemoteSocketAddress(),
                            closed ? "shutting down" : settings.maxConnections() + " connections already open");
                    s.close();
                    continue;
                }
                s.setSoTimeout(settings.initialReadTimeoutMs());
                s.setTcpNoDelay(settings.tcpNoDelay());
                ServerAuthHandshake auth = security.auth().newServerHandshake();
                if (auth == null && !security.tls().acceptsTls()) {
                    admit(s, null);
                } else {
                    handshaking.add(s);
                    Thread t = new Thread(() -> authenticate(s, auth), "paddock-quorum-auth-" + s.getPort());
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException e) {
                LOG.warn("Quorum port: dropped learner from {}: {}", s.getRemoteSocketAddress(), e.toString());
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing more to do with a socket that failed to set up
                }
            }
        }
    }

    private void admit(Socket s, InputStream input) throws IOException {
        QuorumConnection c = new QuorumConnection(QuorumConnection.Side.LEADER, s, input, -1, settings.limits(),
                settings.sendDelay(), null, events, open::remove);
        open.add(c);
        c.start();
        if (closed) {
            c.close("leader shutting down");
        }
    }

    /** On its own thread: TLS (or not), the learner's auth step, then its connection. */
    private void authenticate(Socket s, ServerAuthHandshake auth) {
        try {
            QuorumTls.Accepted a = security.tls().accepted(s);
            InputStream in = auth == null ? a.input() : QuorumPortAuth.server(a.socket(), a.input(), auth);
            handshaking.remove(s);
            admit(a.socket(), in);
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("Quorum port: refused learner from {}: {}", s.getRemoteSocketAddress(),
                        e.getMessage() == null ? e.toString() : e.getMessage());
            }
            closeQuietly(s);
        } finally {
            handshaking.remove(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing more to do with a socket that failed to set up
        }
    }

    /** Stops listening, closes every learner connection and waits for all threads to end. */
    @Override
    public void close() {
        closed = true;
        for (ServerSocket ss : listeners) {
            try {
                ss.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", ss, e.toString());
            }
        }
        boolean interrupted = false;
        for (Thread t : acceptThreads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        handshaking.forEach(LearnerAcceptor::closeQuietly);
        List<QuorumConnection> closing = List.copyOf(open);
        for (QuorumConnection c : closing) {
            c.close("leader shutting down");
        }
        for (QuorumConnection c : closing) {
            try {
                if (!c.awaitTermination(5_000)) {
                    LOG.warn("Quorum port: threads of {} did not stop", c);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

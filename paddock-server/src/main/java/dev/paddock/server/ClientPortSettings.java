package dev.paddock.server;

import dev.paddock.core.config.QuorumServerSpec;
import dev.paddock.server.fourlw.FourLetterWord;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client port and what is allowed on it.
 *
 * @param clientPort        0 means an ephemeral port chosen at bind time
 * @param clientPortAddress the address to bind, or null for all addresses
 * @param maxClientCnxns    connections allowed per client IP; 0 means unlimited
 * @param secureClientPort  -1 when not set; served by {@link ClientTlsSettings} (TLS only)
 * @param juteMaxBuffer     the largest frame a client may send, in bytes
 * @param fourLetterWordWhitelist the words that run; the others answer "... is not in the whitelist."
 * @param ioThreads         {@code paddock.clientPort.ioThreads}: how many threads serve the client connections' I/O;
 *                          0 = the core thread itself (no hand-off per request; the default on up to
 *                          {@link #CORE_IO_MAX_CPUS} CPUs), -1 = unset (decided by {@link #ioOnCoreThread})
 * @param sessionsOnCoreThread {@code paddock.clientPort.sessionsOnCoreThread}: with I/O threads of their own,
 *                          whether a connection moves to the core thread once its session has sent a request; null =
 *                          unset (decided by {@link #sessionsOnCoreThread(int)})
 */
public record ClientPortSettings(int clientPort, String clientPortAddress, int maxClientCnxns, int secureClientPort,
        int juteMaxBuffer, boolean readOnlyModeEnabled, Set<FourLetterWord> fourLetterWordWhitelist, int ioThreads,
        Boolean sessionsOnCoreThread) {
    private static final Logger LOG = LoggerFactory.getLogger(ClientPortSettings.class);

    public static final int DEFAULT_CLIENT_PORT = 2181;
    public static final int DEFAULT_MAX_CLIENT_CNXNS = 60;
    public static final int DEFAULT_JUTE_MAXBUFFER = 0xfffff;
    /**
     * With ioThreads unset, up to this many CPUs the core thread serves the connections' I/O itself. With more,
     * I/O threads of their own spread the connections' work over the other CPUs: under a storm of new connections
     * on 2 CPUs, a good client's p99 measured 20-34 ms that way against 39-62 ms with all I/O on the core thread
     * (which, in return, served setData at saturation with half the CPU per request).
     */
    public static final int CORE_IO_MAX_CPUS = 1;
    /**
     * With both settings unset, up to this many CPUs a connection starts on an I/O thread (which takes the accept,
     * the handshake and whatever a connection that never gets that far costs) and moves to the core thread once
     * its session sends its first request; from then on its requests are read, handled and answered without a
     * hand-off. On 2 CPUs at 3,000 requests a second that halved the server's CPU per request.
     */
    public static final int SESSIONS_ON_CORE_MAX_CPUS = 2;

    public ClientPortSettings {
        EnumSet<FourLetterWord> copy = EnumSet.noneOf(FourLetterWord.class);
        copy.addAll(fourLetterWordWhitelist);
        fourLetterWordWhitelist = Collections.unmodifiableSet(copy); // enum order: stable output
    }

    /** The ensemble is needed because a server.N line may carry this server's client port after ';'. */
    static ClientPortSettings parse(ConfigSource src, EnsembleConfig ensemble) {
        ConfigSource.Value cp = src.lookup("clientPort");
        ConfigSource.Value cpa = src.lookup("clientPortAddress");
        String clientPortAddress = cpa == null ? null : ConfigSource.host(cpa);
        QuorumServerSpec line = ensemble.clientPortLine();
        int clientPort;
        if (cp == null) {
            if (line == null) {
                throw new ConfigException("clientPort is not set (" + src.name() + ")");
            }
            clientPort = line.clientPort();
            if (clientPortAddress == null) {
                clientPortAddress = line.clientAddress();
            }
        } else {
            clientPort = ConfigSource.port(cp);
            if (line != null && line.clientPort() != clientPort && ensemble.isDistributed()) {
                throw ConfigSource.bad(cp, "differs from the client port " + line.clientPort() + " of server."
                        + line.id() + " (this server's line)");
            }
        }
        int maxClientCnxns = src.intValue("maxClientCnxns", DEFAULT_MAX_CLIENT_CNXNS, 0);
        int secureClientPort = src.port("secureClientPort", -1);

        ConfigSource.Value jm = src.lookup("jute.maxbuffer", "jute.maxbuffer");
        int juteMaxBuffer = DEFAULT_JUTE_MAXBUFFER;
        if (jm != null) {
            try {
                juteMaxBuffer = Integer.decode(jm.text()); // ZooKeeper reads it with Integer.getInteger: hex allowed
            } catch (NumberFormatException e) {
                throw ConfigSource.bad(jm, "not a number");
            }
            if (juteMaxBuffer <= 0) {
                throw ConfigSource.bad(jm, "must be positive");
            }
        }
        boolean readOnly = src.boolValue("readonlymode.enabled", false, "readonlymode.enabled");
        Set<FourLetterWord> whitelist = parseWhitelist(src.lookup("4lw.commands.whitelist"), readOnly);
        int ioThreads = src.intValue("paddock.clientPort.ioThreads", -1, 0, "paddock.clientPort.ioThreads");
        ConfigSource.Value soc = src.lookup("paddock.clientPort.sessionsOnCoreThread",
                "paddock.clientPort.sessionsOnCoreThread");
        Boolean sessionsOnCore = soc == null ? null
                : src.boolValue("paddock.clientPort.sessionsOnCoreThread", false,
                        "paddock.clientPort.sessionsOnCoreThread");
        return new ClientPortSettings(clientPort, clientPortAddress, maxClientCnxns, secureClientPort, juteMaxBuffer,
                readOnly, whitelist, ioThreads, sessionsOnCore);
    }

    /**
     * The I/O threads to run given {@code cpus} available: the setting when set, else 0 (the core thread) on up to
     * {@link #CORE_IO_MAX_CPUS} CPUs and Netty's default (0 passed on as "twice the CPUs") above.
     */
    public boolean ioOnCoreThread(int cpus) {
        return ioThreads == 0 || (ioThreads < 0 && cpus <= CORE_IO_MAX_CPUS);
    }

    /**
     * Whether connections served by I/O threads of their own move to the core thread once their session is in
     * use: never when the core thread serves all I/O anyway; else the setting when set, else on up to
     * {@link #SESSIONS_ON_CORE_MAX_CPUS} CPUs.
     */
    public boolean sessionsOnCoreThread(int cpus) {
        if (ioOnCoreThread(cpus)) {
            return false;
        }
        return sessionsOnCoreThread != null ? sessionsOnCoreThread : cpus <= SESSIONS_ON_CORE_MAX_CPUS;
    }

    private static Set<FourLetterWord> parseWhitelist(ConfigSource.Value v, boolean readOnly) {
        Set<FourLetterWord> set = EnumSet.noneOf(FourLetterWord.class);
        if (v != null) {
            for (String raw : v.text().split(",")) {
                String name = raw.trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (name.equals("*")) {
                    set.addAll(EnumSet.allOf(FourLetterWord.class));
                    continue;
                }
                FourLetterWord w = FourLetterWord.byName(name);
                if (w == null) {
                    LOG.warn("4lw.commands.whitelist ({}) names '{}', which is not a four-letter word; ignored",
                            v.origin(), name);
                } else {
                    set.add(w);
                }
            }
        }
        if (readOnly) {
            set.add(FourLetterWord.ISRO);
        }
        set.add(FourLetterWord.SRVR); // the launcher's status command relies on it, as ZooKeeper's does
        return set;
    }
}

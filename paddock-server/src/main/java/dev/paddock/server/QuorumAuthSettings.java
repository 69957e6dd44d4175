package dev.paddock.server;

/**
 * Quorum SASL keys, ZooKeeper 3.9's names and defaults (read from zoo.cfg; also as {@code zookeeper.<key>} system
 * properties, as every key here).
 *
 * @param enableSasl          {@code quorum.auth.enableSasl}: members log in with their JAAS sections and accepting
 *                            sides check peers that authenticate
 * @param learnerRequireSasl  {@code quorum.auth.learnerRequireSasl}: this member authenticates on every connection
 *                            it dials (without it, it sends no auth packet)
 * @param serverRequireSasl   {@code quorum.auth.serverRequireSasl}: peers that do not authenticate are refused
 * @param learnerLoginContext {@code quorum.auth.learner.saslLoginContext}, JAAS section of the dialling side
 * @param serverLoginContext  {@code quorum.auth.server.saslLoginContext}, JAAS section of the accepting side
 * @param servicePrincipal    {@code quorum.auth.kerberos.servicePrincipal}: whom a learner asks for with Kerberos;
 *                            {@code service/_HOST} takes the peer's host from its server.N line
 * @param cnxnThreads         {@code quorum.cnxn.threads.size}: how many threads may start election connections'
 *                            quorum SASL at once (ZooKeeper's connection threads; at least 20)
 */
public record QuorumAuthSettings(boolean enableSasl, boolean learnerRequireSasl, boolean serverRequireSasl,
        String learnerLoginContext, String serverLoginContext, String servicePrincipal, int cnxnThreads) {
    public static final String DEFAULT_LEARNER_CONTEXT = "QuorumLearner";
    public static final String DEFAULT_SERVER_CONTEXT = "QuorumServer";
    public static final String DEFAULT_SERVICE_PRINCIPAL = "zkquorum/localhost";
    /** ZooKeeper's QUORUM_CNXN_THREADS_SIZE_DEFAULT_VALUE; smaller values are raised to it. */
    public static final int DEFAULT_CNXN_THREADS = dev.paddock.server.quorum.auth.QuorumAuth.DEFAULT_THREADS;

    public static final QuorumAuthSettings NONE = new QuorumAuthSettings(false, false, false, DEFAULT_LEARNER_CONTEXT,
            DEFAULT_SERVER_CONTEXT, DEFAULT_SERVICE_PRINCIPAL, DEFAULT_CNXN_THREADS);

    static QuorumAuthSettings parse(ConfigSource src) {
        boolean enable = src.boolValue("quorum.auth.enableSasl", false);
        ConfigSource.Value learnerReq = src.lookup("quorum.auth.learnerRequireSasl");
        ConfigSource.Value serverReq = src.lookup("quorum.auth.serverRequireSasl");
        boolean learner = src.boolValue("quorum.auth.learnerRequireSasl", false);
        boolean server = src.boolValue("quorum.auth.serverRequireSasl", false);
        // ZooKeeper refuses these combinations at start-up
        if (!enable && server) {
            throw ConfigSource.bad(serverReq, "quorum.auth.enableSasl is false, so serverRequireSasl cannot be true");
        }
        if (!enable && learner) {
            throw ConfigSource.bad(learnerReq, "quorum.auth.enableSasl is false, so learnerRequireSasl cannot be true");
        }
        if (server && !learner) {
            throw ConfigSource.bad(serverReq, "quorum.auth.learnerRequireSasl is false, so serverRequireSasl cannot be "
                    + "true (this member could not join its own quorum)");
        }
        String learnerCtx = nonEmpty(src, "quorum.auth.learner.saslLoginContext", DEFAULT_LEARNER_CONTEXT);
        String serverCtx = nonEmpty(src, "quorum.auth.server.saslLoginContext", DEFAULT_SERVER_CONTEXT);
        String principal = nonEmpty(src, "quorum.auth.kerberos.servicePrincipal", DEFAULT_SERVICE_PRINCIPAL);
        int threads = Math.max(DEFAULT_CNXN_THREADS, src.intValue("quorum.cnxn.threads.size", DEFAULT_CNXN_THREADS,
                Integer.MIN_VALUE));
        return new QuorumAuthSettings(enable, learner, server, learnerCtx, serverCtx, principal, threads);
    }

    private static String nonEmpty(ConfigSource src, String key, String def) {
        ConfigSource.Value v = src.lookup(key);
        if (v == null) {
            return def;
        }
        if (v.text().isEmpty()) {
            throw ConfigSource.bad(v, "must not be empty");
        }
        return v.text();
    }
}

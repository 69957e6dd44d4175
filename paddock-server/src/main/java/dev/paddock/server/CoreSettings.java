package dev.paddock.server;

import dev.paddock.core.CoreConfig;
import dev.paddock.server.core.ServerClock;

/**
 * What the core's data model and sessions run by: tick, session timeout bounds, auth and node types.
 *
 * @param minSessionTimeout        ms; defaults to 2 ticks
 * @param maxSessionTimeout        ms; defaults to 20 ticks
 * @param superDigest              "super:base64(sha1(super:password))", or null
 * @param containerCheckIntervalMs how often containers and TTL nodes are reaped
 * @param clientAuth               SASL and enforced authentication on the client port
 * @param enforceQuota             hard quota limits refuse writes (zookeeper.enforceQuota)
 */
public record CoreSettings(int tickTime, int minSessionTimeout, int maxSessionTimeout, String superDigest,
        boolean extendedTypesEnabled, boolean skipAcl, long containerCheckIntervalMs, boolean localSessionsEnabled,
        boolean localSessionsUpgradingEnabled, ClientAuthSettings clientAuth, boolean enforceQuota) {

    public static final int DEFAULT_TICK_TIME = 2000;
    public static final long DEFAULT_CONTAINER_CHECK_INTERVAL_MS = 60_000;
    public static final String SUPER_DIGEST_KEY = "DigestAuthenticationProvider.superDigest";

    /** The settings the core reads, with the given server id (0 standalone) and the ensemble's reconfigEnabled. */
    public CoreConfig toCoreConfig(long serverId, boolean reconfigEnabled) {
        return new CoreConfig(serverId, tickTime, minSessionTimeout, maxSessionTimeout, superDigest,
                extendedTypesEnabled, containerCheckIntervalMs, skipAcl, ServerClock.SYSTEM_WALL, reconfigEnabled)
                .withLocalSessions(localSessionsEnabled, localSessionsUpgradingEnabled)
                .withClientAuth(clientAuth.clientAuth())
                .withEnforceQuota(enforceQuota);
    }

    static CoreSettings parse(ConfigSource src) {
        int tickTime = src.intValue("tickTime", DEFAULT_TICK_TIME, 1);

        // -1 is ZooKeeper's "unset": the default
        ConfigSource.Value minV = src.lookup("minSessionTimeout");
        ConfigSource.Value maxV = src.lookup("maxSessionTimeout");
        int min = timeout(minV, 2 * tickTime);
        int max = timeout(maxV, 20 * tickTime);
        if (min > max) {
            String minWhere = minV == null ? "default 2*tickTime" : minV.origin();
            String maxWhere = maxV == null ? "default 20*tickTime" : maxV.origin();
            throw new ConfigException("minSessionTimeout=" + min + " (" + minWhere
                    + ") must not be larger than maxSessionTimeout=" + max + " (" + maxWhere + ")");
        }

        String superDigest = null;
        ConfigSource.Value sd = src.lookup(SUPER_DIGEST_KEY);
        if (sd != null && !sd.text().isEmpty()) {
            int colon = sd.text().indexOf(':');
            if (colon <= 0 || colon == sd.text().length() - 1) {
                throw ConfigSource.bad(sd, "expected user:base64digest (e.g. super:D/InIHSb7yEEbrWz8b9l71RjZJU=)");
            }
            superDigest = sd.text();
        }
        boolean extendedTypesEnabled = src.boolValue("extendedTypesEnabled", false);
        boolean skipAcl = src.yesNoValue("skipACL", false);
        long containerCheckIntervalMs = src.longValue("znode.container.checkIntervalMs",
                DEFAULT_CONTAINER_CHECK_INTERVAL_MS, 1, "znode.container.checkIntervalMs");
        boolean localSessionsEnabled = src.boolValue("localSessionsEnabled", false);
        boolean localSessionsUpgradingEnabled = src.boolValue("localSessionsUpgradingEnabled", false);
        boolean enforceQuota = src.boolValue("enforceQuota", false);
        return new CoreSettings(tickTime, min, max, superDigest, extendedTypesEnabled, skipAcl,
                containerCheckIntervalMs, localSessionsEnabled, localSessionsUpgradingEnabled,
                ClientAuthSettings.parse(src), enforceQuota);
    }

    private static int timeout(ConfigSource.Value v, int def) {
        if (v == null) {
            return def;
        }
        int n = ConfigSource.parseInt(v);
        if (n == -1) {
            return def;
        }
        if (n < 0) {
            throw ConfigSource.bad(v, "must not be negative (-1 means the default)");
        }
        return n;
    }
}

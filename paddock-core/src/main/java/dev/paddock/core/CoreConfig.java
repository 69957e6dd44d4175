package dev.paddock.core;

import dev.paddock.core.auth.ClientAuth;

/**
 * The settings the core reads. The server's config class builds this from zoo.cfg and system properties.
 *
 * @param serverId                myid (0 for standalone); the top byte of every session id
 * @param tickTimeMs              the basic time unit; session expiry is checked in buckets of this size
 * @param minSessionTimeoutMs     lower bound for negotiated session timeouts
 * @param maxSessionTimeoutMs     upper bound for negotiated session timeouts
 * @param superDigest             "super:base64(sha1(super:password))", or null when there is no super user
 * @param extendedTypesEnabled    whether TTL nodes are allowed (zookeeper.extendedTypesEnabled)
 * @param containerCheckIntervalMs how often empty containers and expired TTL nodes are looked for
 * @param skipAcl                 zookeeper.skipACL: every ACL check passes
 * @param wallClock               stamps transactions (ctime/mtime) and ages TTL nodes; every timer runs on the
 *                                elapsed {@code nowMs} instead
 * @param reconfigEnabled         reconfigEnabled: a reconfig request gets past RECONFIGDISABLED (to the ACL check
 *                                on /zookeeper/config, then UNIMPLEMENTED: membership changes are not built yet)
 * @param localSessionsEnabled    localSessionsEnabled: an ensemble member creates new sessions locally, without a
 *                                quorum transaction (a standalone server ignores it, as ZooKeeper's does)
 * @param localSessionsUpgradingEnabled localSessionsUpgradingEnabled: an ephemeral create on a local session first
 *                                makes it a global session through the leader; without it the create fails with
 *                                EPHEMERALONLOCALSESSION
 * @param clientAuth              SASL, enforced authentication and SASL super users ({@link ClientAuth#NONE} when
 *                                off)
 * @param enforceQuota            zookeeper.enforceQuota: a create or setData that would take a quota's count or
 *                                bytes past its hard limit fails with QUOTAEXCEEDED, past a soft limit is logged;
 *                                without it no write is checked
 */
public record CoreConfig(
        long serverId,
        int tickTimeMs,
        int minSessionTimeoutMs,
        int maxSessionTimeoutMs,
        String superDigest,
        boolean extendedTypesEnabled,
        long containerCheckIntervalMs,
        boolean skipAcl,
        WallClock wallClock,
        boolean reconfigEnabled,
        boolean localSessionsEnabled,
        boolean localSessionsUpgradingEnabled,
        ClientAuth clientAuth,
        boolean enforceQuota) {

    public CoreConfig {
        if (wallClock == null) {
            throw new IllegalArgumentException("a wall clock is required (WallClock.SAME_AS_ELAPSED for tests)");
        }
        if (clientAuth == null) {
            clientAuth = ClientAuth.NONE;
        }
    }

    /** Settings without SASL or enforced authentication. */
    public CoreConfig(long serverId, int tickTimeMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                      String superDigest, boolean extendedTypesEnabled, long containerCheckIntervalMs,
                      boolean skipAcl, WallClock wallClock, boolean reconfigEnabled, boolean localSessionsEnabled,
                      boolean localSessionsUpgradingEnabled) {
        this(serverId, tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, superDigest, extendedTypesEnabled,
                containerCheckIntervalMs, skipAcl, wallClock, reconfigEnabled, localSessionsEnabled,
                localSessionsUpgradingEnabled, ClientAuth.NONE, false);
    }

    /** The same settings with SASL and enforced authentication as given. */
    public CoreConfig withClientAuth(ClientAuth auth) {
        return new CoreConfig(serverId, tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, superDigest,
                extendedTypesEnabled, containerCheckIntervalMs, skipAcl, wallClock, reconfigEnabled,
                localSessionsEnabled, localSessionsUpgradingEnabled, auth, enforceQuota);
    }

    /** Settings without local sessions (as ZooKeeper's default). */
    public CoreConfig(long serverId, int tickTimeMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                      String superDigest, boolean extendedTypesEnabled, long containerCheckIntervalMs,
                      boolean skipAcl, WallClock wallClock, boolean reconfigEnabled) {
        this(serverId, tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, superDigest, extendedTypesEnabled,
                containerCheckIntervalMs, skipAcl, wallClock, reconfigEnabled, false, false);
    }

    /** Settings whose wall clock is the elapsed time itself: for callers that drive time by hand. */
    public CoreConfig(long serverId, int tickTimeMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                      String superDigest, boolean extendedTypesEnabled, long containerCheckIntervalMs,
                      boolean skipAcl) {
        this(serverId, tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, superDigest, extendedTypesEnabled,
                containerCheckIntervalMs, skipAcl, WallClock.SAME_AS_ELAPSED, false);
    }

    /** Settings without reconfig (as ZooKeeper's default). */
    public CoreConfig(long serverId, int tickTimeMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                      String superDigest, boolean extendedTypesEnabled, long containerCheckIntervalMs,
                      boolean skipAcl, WallClock wallClock) {
        this(serverId, tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, superDigest, extendedTypesEnabled,
                containerCheckIntervalMs, skipAcl, wallClock, false);
    }

    /** The same settings with reconfiguration enabled or not. */
    public CoreConfig withReconfigEnabled(boolean on) {
        return new CoreConfig(serverId, tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, superDigest,
                extendedTypesEnabled, containerCheckIntervalMs, skipAcl, wallClock, on, localSessionsEnabled,
                localSessionsUpgradingEnabled, clientAuth, enforceQuota);
    }

    /** The same settings, stamping with {@code clock}. */
    public CoreConfig withWallClock(WallClock clock) {
        return new CoreConfig(serverId, tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, superDigest,
                extendedTypesEnabled, containerCheckIntervalMs, skipAcl, clock, reconfigEnabled, localSessionsEnabled,
                localSessionsUpgradingEnabled, clientAuth, enforceQuota);
    }

    /** The same settings with localSessionsEnabled and localSessionsUpgradingEnabled as given. */
    public CoreConfig withLocalSessions(boolean enabled, boolean upgrading) {
        return new CoreConfig(serverId, tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, superDigest,
                extendedTypesEnabled, containerCheckIntervalMs, skipAcl, wallClock, reconfigEnabled, enabled,
                upgrading, clientAuth, enforceQuota);
    }

    /** The same settings with zookeeper.enforceQuota as given. */
    public CoreConfig withEnforceQuota(boolean on) {
        return new CoreConfig(serverId, tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, superDigest,
                extendedTypesEnabled, containerCheckIntervalMs, skipAcl, wallClock, reconfigEnabled,
                localSessionsEnabled, localSessionsUpgradingEnabled, clientAuth, on);
    }

    public static CoreConfig defaults() {
        return new CoreConfig(0, 2000, 4000, 40000, null, false, 60_000, false);
    }
}

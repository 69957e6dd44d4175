package dev.paddock.server;

import dev.paddock.security.tls.TlsConfigException;
import dev.paddock.security.tls.TlsSettings;

/**
 * TLS between ensemble members, ZooKeeper 3.9's keys (each also a {@code zookeeper.<key>} system property).
 *
 * @param sslQuorum        {@code sslQuorum}: this member dials its peers (election and quorum ports) over TLS and
 *                         accepts only TLS, unless {@code portUnification}
 * @param portUnification  {@code portUnification}: the election and quorum ports accept TLS and plain text alike
 *                         (a rolling upgrade to or from TLS)
 * @param reloadCertFiles  {@code sslQuorumReloadCertFiles}: key/trust store changes apply to new connections
 * @param tls              the {@code ssl.quorum.*} keys; null when neither sslQuorum nor portUnification is on
 */
public record QuorumTlsSettings(boolean sslQuorum, boolean portUnification, boolean reloadCertFiles,
        TlsSettings tls) {
    public static final QuorumTlsSettings NONE = new QuorumTlsSettings(false, false, false, null);

    public boolean enabled() {
        return tls != null;
    }

    static QuorumTlsSettings parse(ConfigSource src) {
        boolean ssl = src.boolValue("sslQuorum", false);
        boolean unify = src.boolValue("portUnification", false);
        boolean reload = src.boolValue("sslQuorumReloadCertFiles", false);
        TlsSettings tls;
        try {
            tls = TlsSettings.read(TlsSettings.QUORUM_PREFIX, key -> {
                ConfigSource.Value v = src.lookup(key);
                return v == null ? null : v.text();
            });
        } catch (TlsConfigException e) {
            if (ssl || unify) {
                throw new ConfigException(e.getMessage(), e);
            }
            return new QuorumTlsSettings(false, false, reload, null);
        }
        if (!ssl && !unify) {
            return new QuorumTlsSettings(false, false, reload, null);
        }
        if (!tls.hasKeyStore()) {
            throw new ConfigException((ssl ? "sslQuorum" : "portUnification") + " is true but "
                    + tls.key("keyStore.location") + " is not set");
        }
        return new QuorumTlsSettings(ssl, unify, reload, tls);
    }
}

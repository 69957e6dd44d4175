package dev.paddock.server;

import dev.paddock.core.auth.ClientAuth;
import dev.paddock.core.auth.SaslAuthenticator;
import dev.paddock.security.sasl.AuthToLocal;
import dev.paddock.security.sasl.JaasSection;
import dev.paddock.security.sasl.PrincipalRules;
import dev.paddock.security.sasl.SaslConfigException;
import dev.paddock.security.sasl.SaslLogin;
import dev.paddock.security.sasl.SaslServerExchange;
import dev.paddock.security.sasl.ServerSasl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import javax.security.sasl.SaslException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SASL on the client port and enforced authentication, with ZooKeeper's keys (each also as a {@code zookeeper.*}
 * system property): SASL runs when the JAAS section {@code sasl.serverconfig} (default {@code Server}) exists in
 * {@code java.security.auth.login.config}; {@code authProvider.N=...SASLAuthenticationProvider} registers the
 * {@code sasl} scheme for {@code enforce.auth.schemes}; {@code kerberos.removeHostFromPrincipal},
 * {@code kerberos.removeRealmFromPrincipal}, {@code security.auth_to_local}, {@code superUser}, {@code allowSaslFailedClients},
 * {@code enforce.auth.enabled}, {@code enforce.auth.schemes}, {@code sessionRequireClientSASLAuth}.
 *
 * <p>The JAAS login (and for Kerberos the keytab and KDC) happens once, at the first {@link #clientAuth()}, which the
 * server calls while starting, so a broken file or an unreachable KDC stops the start with a clear message.
 */
public final class ClientAuthSettings {
    public static final String SASL_PROVIDER_SUFFIX = "SASLAuthenticationProvider";
    public static final String X509_PROVIDER_SUFFIX = "X509AuthenticationProvider";
    private static final Logger LOG = LoggerFactory.getLogger(ClientAuthSettings.class);

    private final String section;
    private final boolean sectionExplicit;
    private final PrincipalRules rules;
    private final Set<String> superUsers;
    private final boolean allowSaslFailedClients;
    private final boolean enforce;
    private final Set<String> enforceSchemes;
    private final Set<String> providers;
    private ClientAuth built;

    ClientAuthSettings(String section, boolean sectionExplicit, PrincipalRules rules, Set<String> superUsers,
                       boolean allowSaslFailedClients, boolean enforce, Set<String> enforceSchemes,
                       Set<String> providers) {
        this.section = section;
        this.sectionExplicit = sectionExplicit;
        this.rules = rules;
        this.superUsers = Set.copyOf(superUsers);
        this.allowSaslFailedClients = allowSaslFailedClients;
        this.enforce = enforce;
        this.enforceSchemes = Set.copyOf(enforceSchemes);
        this.providers = Set.copyOf(providers);
    }

    static ClientAuthSettings parse(ConfigSource src) {
        ConfigSource.Value sectionValue = src.lookup("sasl.serverconfig");
        String section = sectionValue == null || sectionValue.text().isEmpty() ? ServerSasl.DEFAULT_SECTION
                : sectionValue.text();
        ConfigSource.Value mapping = src.lookup("security.auth_to_local");
        AuthToLocal authToLocal;
        try {
            authToLocal = mapping == null ? AuthToLocal.DEFAULT : AuthToLocal.parse(mapping.text());
        } catch (IllegalArgumentException e) {
            throw ConfigSource.bad(mapping, e.getMessage());
        }
        PrincipalRules rules = new PrincipalRules(src.boolValue("kerberos.removeHostFromPrincipal", false),
                src.boolValue("kerberos.removeRealmFromPrincipal", false), authToLocal);
        Set<String> superUsers = new LinkedHashSet<>();
        ConfigSource.Value superUser = src.lookup("superUser");
        if (superUser != null && !superUser.text().isEmpty()) {
            superUsers.add(superUser.text());
        }
        for (String key : keysWithPrefix(src, "superUser.")) {
            ConfigSource.Value v = src.lookup(key);
            if (v != null && !v.text().isEmpty()) {
                superUsers.add(v.text());
            }
        }
        Set<String> providers = new LinkedHashSet<>(ClientAuth.BUILT_IN_PROVIDERS);
        for (String key : keysWithPrefix(src, "authProvider.")) {
            ConfigSource.Value v = src.lookup(key);
            if (v == null) {
                continue;
            }
            if (v.text().endsWith(SASL_PROVIDER_SUFFIX)) {
                providers.add("sasl");
            } else if (v.text().endsWith(X509_PROVIDER_SUFFIX)) {
                providers.add("x509");
            } else {
                LOG.warn("{}={} ({}): custom authentication providers are not supported; ignored", key, v.text(),
                        v.origin());
            }
        }
        // ZooKeeper registers its x509 provider whenever it builds a TLS context (client port, quorum, admin)
        if (src.port("secureClientPort", -1) >= 0 || src.boolValue("client.portUnification", false)
                || src.boolValue("sslQuorum", false) || src.boolValue("admin.portUnification", false)
                || src.boolValue("admin.forceHttps", false)) {
            providers.add("x509");
        }
        boolean allowFailed = src.boolValue("allowSaslFailedClients", false);
        boolean requireSasl = src.boolValue("sessionRequireClientSASLAuth", false);
        boolean enforce;
        Set<String> schemes = new LinkedHashSet<>();
        ConfigSource.Value schemesValue = src.lookup("enforce.auth.schemes");
        if (requireSasl) {
            enforce = true;
            schemes.add("sasl");
        } else {
            enforce = src.boolValue("enforce.auth.enabled", false);
            if (schemesValue != null) {
                for (String s : schemesValue.text().split(",")) {
                    if (!s.trim().isEmpty()) {
                        schemes.add(s.trim());
                    }
                }
            }
        }
        if (enforce) {
            if (schemes.isEmpty()) {
                throw new ConfigException("enforce.auth.enabled is true but enforce.auth.schemes is not set");
            }
            for (String s : schemes) {
                if (!providers.contains(s)) {
                    String where = schemesValue == null ? "sessionRequireClientSASLAuth" : schemesValue.origin();
                    throw new ConfigException("enforce.auth.schemes (" + where + "): authentication scheme " + s
                            + " is not available (known: " + providers + "; add authProvider.N=org.apache"
                            + ".zookeeper.server.auth." + (s.equals("sasl") ? SASL_PROVIDER_SUFFIX : "...") + ")");
                }
            }
        }
        return new ClientAuthSettings(section, sectionValue != null, rules, superUsers, allowFailed, enforce,
                schemes, providers);
    }

    private static List<String> keysWithPrefix(ConfigSource src, String prefix) {
        TreeMap<String, Boolean> keys = new TreeMap<>();
        for (ConfigFile.Entry e : src.entries()) {
            if (e.key().startsWith(prefix)) {
                keys.put(e.key(), true);
            }
        }
        for (String p : System.getProperties().stringPropertyNames()) {
            if (p.startsWith("zookeeper." + prefix)) {
                keys.put(p.substring("zookeeper.".length()), true);
            }
        }
        return new ArrayList<>(keys.keySet());
    }

    public String section() {
        return section;
    }

    public boolean enforce() {
        return enforce;
    }

    public Set<String> enforceSchemes() {
        return enforceSchemes;
    }

    /**
     * The core's view, logging in with the JAAS section the first time. A JAAS file that cannot be read, a section
     * named by {@code sasl.serverconfig} that is missing, or a failed Kerberos login is a {@link ConfigException}.
     */
    public synchronized ClientAuth clientAuth() {
        if (built == null) {
            built = new ClientAuth(saslAuthenticator(), enforce, enforceSchemes, superUsers, allowSaslFailedClients,
                    providers);
        }
        return built;
    }

    private SaslAuthenticator saslAuthenticator() {
        try {
            JaasSection found = JaasSection.findConfigured(section).orElse(null);
            if (found == null) {
                if (sectionExplicit) {
                    throw new ConfigException("sasl.serverconfig=" + section + ": no such section in the JAAS "
                            + "configuration " + System.getProperty(JaasSection.JAAS_CONFIG_PROPERTY));
                }
                if (enforceSchemes.contains("sasl") && enforce) {
                    LOG.warn("SASL is enforced but there is no JAAS section '{}' ({}={}); no client can authenticate",
                            section, JaasSection.JAAS_CONFIG_PROPERTY,
                            System.getProperty(JaasSection.JAAS_CONFIG_PROPERTY));
                }
                return null;
            }
            ServerSasl sasl = ServerSasl.forClientPort(SaslLogin.login(found), rules);
            LOG.info("SASL on the client port: {} with {}{}", sasl.mechanism(), found,
                    sasl.login().principal().map(p -> " as " + p).orElse(""));
            return () -> exchange(sasl);
        } catch (SaslConfigException e) {
            throw new ConfigException("SASL: " + e.getMessage());
        }
    }

    private static SaslAuthenticator.Exchange exchange(ServerSasl sasl) throws SaslAuthenticator.Failure {
        SaslServerExchange exchange;
        try {
            exchange = sasl.newExchange();
        } catch (SaslException e) {
            throw new SaslAuthenticator.Failure("cannot start a SASL exchange: " + e.getMessage(), e);
        }
        return new SaslAuthenticator.Exchange() {
            @Override
            public byte[] respond(byte[] token) throws SaslAuthenticator.Failure {
                try {
                    return exchange.respond(token);
                } catch (SaslException e) {
                    throw new SaslAuthenticator.Failure(String.valueOf(e.getMessage()), e);
                }
            }

            @Override
            public boolean complete() {
                return exchange.isComplete();
            }

            @Override
            public String authorizedId() {
                return exchange.authorizedId();
            }

            @Override
            public void dispose() {
                exchange.dispose();
            }
        };
    }
}

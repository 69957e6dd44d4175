package dev.paddock.security.sasl;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.URIParameter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

/**
 * One named section of a JAAS configuration file, read through the JDK's own {@link Configuration}.
 *
 * <p>The login module class names are not loaded for DIGEST-MD5 sections: ZooKeeper's files name its own
 * {@code DigestLoginModule}, which is only a holder for options, so only the options are used. A section whose module
 * is {@code Krb5LoginModule} is a Kerberos section and {@link SaslLogin#login} runs the JDK's Kerberos login on it.
 */
public final class JaasSection {
    /** The system property naming the JAAS file (the JDK's and ZooKeeper's key). */
    public static final String JAAS_CONFIG_PROPERTY = "java.security.auth.login.config";
    /** The option prefix of a DIGEST-MD5 server user: {@code user_bob="secret"}. */
    public static final String USER_PREFIX = "user_";
    private static final String KRB5_MODULE = "Krb5LoginModule";

    private final String name;
    private final List<AppConfigurationEntry> entries;
    private final String source;

    private JaasSection(String name, List<AppConfigurationEntry> entries, String source) {
        this.name = name;
        this.entries = List.copyOf(entries);
        this.source = source;
    }

    /** A section built from given entries (tests, or callers holding their own configuration). */
    public static JaasSection of(String name, List<AppConfigurationEntry> entries) {
        return new JaasSection(name, entries, "(in memory)");
    }

    /**
     * The section {@code name} of the JVM's JAAS configuration ({@value #JAAS_CONFIG_PROPERTY}). Empty when no
     * configuration or no such section exists; an unreadable configuration file is an error.
     */
    public static Optional<JaasSection> find(String name) throws SaslConfigException {
        String file = System.getProperty(JAAS_CONFIG_PROPERTY);
        Configuration config;
        try {
            config = Configuration.getConfiguration();
        } catch (SecurityException e) {
            if (file == null) {
                return Optional.empty();
            }
            throw new SaslConfigException("cannot read the JAAS configuration '" + file + "'", e);
        }
        return lookup(config, name, file == null ? "(JVM JAAS configuration)" : file);
    }

    /**
     * The section {@code name} of the file {@value #JAAS_CONFIG_PROPERTY} names, read afresh (the JVM-wide
     * {@link Configuration} is cached once per JVM; a server or test reading its own file should not depend on it);
     * without the property, the JVM's configuration as installed. Empty when there is no such section.
     */
    public static Optional<JaasSection> findConfigured(String name) throws SaslConfigException {
        String property = System.getProperty(JAAS_CONFIG_PROPERTY);
        if (property == null || property.isBlank()) {
            return find(name);
        }
        String location = property.startsWith("=") ? property.substring(1) : property;
        try {
            Path file = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            return find(file, name);
        } catch (IllegalArgumentException e) {
            throw new SaslConfigException(JAAS_CONFIG_PROPERTY + "=" + property + " is not a file path", e);
        }
    }

    /** The section {@code name} of a given JAAS file (a per-client file, as ZooKeeper's client config allows). */
    public static Optional<JaasSection> find(Path file, String name) throws SaslConfigException {
        if (!Files.isReadable(file)) {
            throw new SaslConfigException("the JAAS configuration file '" + file + "' cannot be read");
        }
        try {
            URI uri = file.toAbsolutePath().toUri();
            Configuration config = Configuration.getInstance("JavaLoginConfig", new URIParameter(uri));
            return lookup(config, name, file.toString());
        } catch (NoSuchAlgorithmException | SecurityException e) {
            throw new SaslConfigException("cannot read the JAAS configuration '" + file + "'", e);
        }
    }

    private static Optional<JaasSection> lookup(Configuration config, String name, String source)
            throws SaslConfigException {
        AppConfigurationEntry[] found;
        try {
            found = config.getAppConfigurationEntry(name);
        } catch (SecurityException | IllegalArgumentException e) {
            throw new SaslConfigException("cannot read section '" + name + "' of the JAAS configuration " + source, e);
        }
        if (found == null || found.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new JaasSection(name, Arrays.asList(found), source));
    }

    public String name() {
        return name;
    }

    /** Where the section came from (the file), for log lines and errors. */
    public String source() {
        return source;
    }

    public List<AppConfigurationEntry> entries() {
        return entries;
    }

    /** True when a module of the section is the JDK's {@code Krb5LoginModule} (GSSAPI). */
    public boolean isKerberos() {
        return entries.stream().anyMatch(JaasSection::isKrb5);
    }

    static boolean isKrb5(AppConfigurationEntry e) {
        return e.getLoginModuleName().endsWith(KRB5_MODULE);
    }

    /** The first value of an option among the section's modules. */
    public Optional<String> option(String key) {
        for (AppConfigurationEntry e : entries) {
            Object v = e.getOptions().get(key);
            if (v != null) {
                return Optional.of(v.toString());
            }
        }
        return Optional.empty();
    }

    /** The DIGEST-MD5 users of a server section: every {@code user_<name>="<password>"} option, by name. */
    public Map<String, String> digestUsers() {
        Map<String, String> users = new LinkedHashMap<>();
        for (AppConfigurationEntry e : entries) {
            for (Map.Entry<String, ?> o : e.getOptions().entrySet()) {
                if (o.getKey().startsWith(USER_PREFIX) && o.getValue() != null) {
                    users.put(o.getKey().substring(USER_PREFIX.length()), o.getValue().toString());
                }
            }
        }
        return users;
    }

    @Override
    public String toString() {
        return "JAAS section '" + name + "' of " + source;
    }
}

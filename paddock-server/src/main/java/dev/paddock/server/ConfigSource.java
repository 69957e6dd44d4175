package dev.paddock.server;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one parser's lookup side: the entries of a zoo.cfg (or Properties), the {@code zookeeper.<key>} system
 * properties and fallbacks underneath, and typed readers that turn a bad value into a {@link ConfigException}
 * naming the key and where it came from. Each settings record reads its own keys through this; whatever nobody
 * asked for is what {@link ServerConfig} reports as accepted-for-later or unknown.
 */
final class ConfigSource {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigSource.class);

    /** A value and where it came from ("line 3 of /etc/zoo.cfg", "system property zookeeper.x", ...). */
    record Value(String key, String text, String origin) {
    }

    final Path file;
    final String label;
    private final Map<String, ConfigFile.Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> fallback;
    private final Set<String> used = new HashSet<>();

    ConfigSource(Path file, String label, List<ConfigFile.Entry> list, Map<String, String> fallback) {
        this.file = file;
        this.label = label;
        this.fallback = fallback;
        for (ConfigFile.Entry e : list) {
            ConfigFile.Entry previous = entries.put(e.key(), e);
            if (previous != null && file != null) {
                LOG.warn("{} sets {} twice (lines {} and {}); line {} wins", file, e.key(), previous.line(),
                        e.line(), e.line());
            }
        }
    }

    /** The file, or the label when there is none: for "X is not set (...)" messages. */
    String name() {
        return file != null ? file.toString() : label;
    }

    String where(ConfigFile.Entry e) {
        return file != null ? "line " + e.line() + " of " + file : label;
    }

    /** Every entry of the file itself, in file order (system properties are not entries). */
    Iterable<ConfigFile.Entry> entries() {
        return entries.values();
    }

    boolean wasRead(String key) {
        return used.contains(key);
    }

    /** The value for key, or null: the file/properties, then zookeeper.key, then the bare names, then fallback. */
    Value lookup(String key, String... bareSystemProperties) {
        used.add(key);
        ConfigFile.Entry e = entries.get(key);
        if (e != null) {
            return new Value(key, e.value(), where(e));
        }
        String sys = System.getProperty("zookeeper." + key);
        if (sys != null) {
            return new Value(key, sys.trim(), "system property zookeeper." + key);
        }
        for (String bare : bareSystemProperties) {
            String v = System.getProperty(bare);
            if (v != null) {
                return new Value(key, v.trim(), "system property " + bare);
            }
        }
        String f = fallback.get(key);
        if (f != null) {
            return new Value(key, f, label);
        }
        return null;
    }

    static ConfigException bad(Value v, String problem) {
        return new ConfigException(v.key() + "=" + v.text() + " (" + v.origin() + "): " + problem);
    }

    static int parseInt(Value v) {
        try {
            return Integer.parseInt(v.text());
        } catch (NumberFormatException e) {
            throw bad(v, "not a number");
        }
    }

    static long parseLong(Value v) {
        try {
            return Long.parseLong(v.text());
        } catch (NumberFormatException e) {
            throw bad(v, "not a number");
        }
    }

    int intValue(String key, int def, int min, String... bare) {
        Value v = lookup(key, bare);
        if (v == null) {
            return def;
        }
        int n = parseInt(v);
        if (n < min) {
            throw bad(v, "must be at least " + min);
        }
        return n;
    }

    long longValue(String key, long def, long min, String... bare) {
        Value v = lookup(key, bare);
        if (v == null) {
            return def;
        }
        long n = parseLong(v);
        if (n < min) {
            throw bad(v, "must be at least " + min);
        }
        return n;
    }

    boolean boolValue(String key, boolean def, String... bare) {
        Value v = lookup(key, bare);
        if (v == null) {
            return def;
        }
        return switch (v.text().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(v, "must be true or false");
        };
    }

    /** yes/no flags (forceSync, skipACL, leaderServes); true/false accepted too. */
    boolean yesNoValue(String key, boolean def, String... bare) {
        Value v = lookup(key, bare);
        if (v == null) {
            return def;
        }
        return switch (v.text().toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw bad(v, "must be yes or no");
        };
    }

    String stringValue(String key, String def) {
        Value v = lookup(key);
        return v == null ? def : v.text();
    }

    /** A host name or address to bind; an unknown host is a ConfigException. */
    static String host(Value v) {
        try {
            java.net.InetAddress.getByName(v.text());
        } catch (java.net.UnknownHostException e) {
            throw bad(v, "unknown host");
        }
        return v.text();
    }

    int port(String key, int def) {
        Value v = lookup(key);
        return v == null ? def : port(v);
    }

    static int port(Value v) {
        int p = parseInt(v);
        if (p < 0 || p > 65535) {
            throw bad(v, "a port must be between 0 and 65535");
        }
        return p;
    }

    Path path(Value v) {
        if (v.text().isEmpty()) {
            throw bad(v, "must not be empty");
        }
        Path p;
        try {
            p = Path.of(v.text());
        } catch (RuntimeException e) {
            throw bad(v, "not a valid path (" + e.getMessage() + ")");
        }
        if (!p.isAbsolute()) {
            LOG.warn("{} is a relative path ({}); resolving it against the working directory {}", v.key(),
                    v.text(), Path.of("").toAbsolutePath());
        }
        return p.toAbsolutePath().normalize();
    }
}

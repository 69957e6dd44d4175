package dev.paddock.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An ensemble's membership at one version, as ZooKeeper's majority quorum verifier holds it: the server lines and
 * the version (the zxid of the reconfiguration that made it, 0 for a configuration never changed). Its text is what
 * /zookeeper/config holds, what election notifications and NEWLEADER carry and what a dynamic config file stores.
 *
 * @param servers the server.N lines by N
 * @param version the configuration's version
 */
public record QuorumConfig(Map<Long, QuorumServerSpec> servers, long version) {

    public QuorumConfig {
        servers = Collections.unmodifiableMap(new TreeMap<>(servers));
    }

    /** Participants, ascending. */
    public SortedSet<Long> voters() {
        return byRole(false);
    }

    /** Observers, ascending. */
    public SortedSet<Long> observers() {
        return byRole(true);
    }

    private SortedSet<Long> byRole(boolean observer) {
        SortedSet<Long> s = new TreeSet<>();
        servers.forEach((id, spec) -> {
            if (spec.isObserver() == observer) {
                s.add(id);
            }
        });
        return Collections.unmodifiableSortedSet(s);
    }

    public boolean isVoter(long sid) {
        QuorumServerSpec s = servers.get(sid);
        return s != null && !s.isObserver();
    }

    public boolean isObserver(long sid) {
        QuorumServerSpec s = servers.get(sid);
        return s != null && s.isObserver();
    }

    /** More than half of the voters are in {@code sids}. */
    public boolean isQuorum(Set<Long> sids) {
        int n = 0;
        for (long sid : sids) {
            n += isVoter(sid) ? 1 : 0;
        }
        return n * 2 > voters().size();
    }

    public QuorumConfig withVersion(long v) {
        return new QuorumConfig(servers, v);
    }

    /** Same members with the same addresses and roles (the version aside). */
    public boolean sameMembers(QuorumConfig other) {
        return other != null && text(servers).equals(text(other.servers));
    }

    /**
     * The text ZooKeeper renders ({@code QuorumMaj.toString()}): a {@code server.N=} line per server in the order of
     * ZooKeeper's HashMap of members, addresses sorted by host, the role always spelled out, the client address
     * {@code 0.0.0.0} when only a port was given, then {@code version=<hex>}.
     */
    public String text() {
        return text(servers) + "version=" + Long.toHexString(version);
    }

    private static String text(Map<Long, QuorumServerSpec> servers) {
        Map<Long, QuorumServerSpec> zkOrder = new HashMap<>(servers);
        StringBuilder sb = new StringBuilder();
        for (QuorumServerSpec s : zkOrder.values()) {
            sb.append("server.").append(s.id()).append('=').append(specText(s)).append('\n');
        }
        return sb.toString();
    }

    /** One server's value as ZooKeeper renders it, e.g. {@code 127.0.0.1:2888:3888:participant;0.0.0.0:2181}. */
    public static String specText(QuorumServerSpec s) {
        StringBuilder sb = new StringBuilder();
        List<QuorumServerSpec.Address> sorted = new ArrayList<>(s.addresses());
        sorted.sort(Comparator.comparing(a -> HostText.of(a.host())));
        for (int i = 0; i < sorted.size(); i++) {
            QuorumServerSpec.Address a = sorted.get(i);
            sb.append(i == 0 ? "" : "|").append(QuorumServerSpec.bracketed(HostText.of(a.host()))).append(':')
                    .append(a.quorumPort()).append(':').append(a.electionPort());
        }
        sb.append(':').append(s.role().configName());
        if (s.clientPort() >= 0) {
            String host = s.clientAddress() == null ? "0.0.0.0" : HostText.of(s.clientAddress());
            sb.append(';').append(QuorumServerSpec.bracketed(host)).append(':').append(s.clientPort());
        }
        return sb.toString();
    }

    /**
     * Reads a configuration text ({@code server.N=...} lines, an optional {@code version=<hex>}; blank lines and
     * {@code #} comments skipped; lines may be separated by newlines or, as a reconfig's newMembers, commas).
     *
     * @throws IllegalArgumentException naming the line that is wrong
     */
    public static QuorumConfig parse(String text) {
        Map<Long, QuorumServerSpec> servers = new LinkedHashMap<>();
        long version = 0;
        for (String raw : text.replace(',', '\n').split("\n")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("'" + line + "' is not key=value");
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (key.equals("version")) {
                try {
                    version = Long.parseUnsignedLong(value, 16);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("version '" + value + "' is not hexadecimal");
                }
            } else if (key.toLowerCase(Locale.ROOT).startsWith("server.")) {
                QuorumServerSpec s = QuorumServerSpec.parse(serverId(key), value, true);
                if (servers.put(s.id(), s) != null) {
                    throw new IllegalArgumentException("server." + s.id() + " is listed twice");
                }
            } else {
                throw new IllegalArgumentException("'" + key + "' does not belong in an ensemble configuration"
                        + " (only server.N and version)");
            }
        }
        return new QuorumConfig(servers, version);
    }

    /** N of {@code server.N}. */
    public static long serverId(String key) {
        try {
            long id = Long.parseLong(key.substring(key.lastIndexOf('.') + 1).trim());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "': the server id must be a non-negative number");
        }
    }

    /**
     * ZooKeeper's incremental reconfiguration: {@code leaving} (comma-separated ids) removed, then each of
     * {@code joining} (comma-separated {@code server.N=spec;clientPort} entries) added or, when N is already a
     * member, put in its place (a changed role or address). A joiner must name its client port, and may not reuse
     * another member's address.
     *
     * @param joining null or empty: none
     * @param leaving null or empty: none
     * @throws IllegalArgumentException with the reason ZooKeeper gives
     */
    public QuorumConfig incremental(String joining, String leaving) {
        Map<Long, QuorumServerSpec> next = new TreeMap<>(servers);
        for (String id : split(leaving)) {
            try {
                next.remove(Long.parseLong(id));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("leaving server '" + id + "' is not a server id");
            }
        }
        for (String joiner : split(joining)) {
            String[] parts = joiner.split("=");
            if (parts.length != 2) {
                throw new IllegalArgumentException("Wrong format of server string");
            }
            QuorumServerSpec spec = QuorumServerSpec.parse(serverId(parts[0]), parts[1].trim(), true);
            if (spec.clientPort() < 0) {
                throw new IllegalArgumentException(
                        "Wrong format of server string - each server should have 3 ports specified");
            }
            for (QuorumServerSpec other : next.values()) {
                if (other.id() != spec.id()) {
                    checkNoSharedAddress(spec, other);
                }
            }
            next.put(spec.id(), spec);
        }
        return new QuorumConfig(next, version);
    }

    private static void checkNoSharedAddress(QuorumServerSpec a, QuorumServerSpec b) {
        for (QuorumServerSpec.Address x : a.addresses()) {
            for (QuorumServerSpec.Address y : b.addresses()) {
                boolean sameHost = HostText.of(x.host()).equalsIgnoreCase(HostText.of(y.host()));
                if (sameHost && (x.quorumPort() == y.quorumPort() || x.electionPort() == y.electionPort()
                        || x.quorumPort() == y.electionPort() || x.electionPort() == y.quorumPort())) {
                    throw new IllegalArgumentException("Reconfiguration failed: server." + a.id()
                            + " uses an address of server." + b.id());
                }
            }
        }
    }

    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (String s : list.split(",")) {
                if (!s.trim().isEmpty()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}

package dev.paddock.client;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reading ensemble configuration text, as {@code /zookeeper/config} holds it and {@code reconfig} takes it:
 * {@code server.N=host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]} lines and a
 * {@code version=} line. Parsing and error messages follow ZooKeeper 3.9's server-line rules (one address per
 * server: ZooKeeper's multi-address form is off by default), and the texts produced are the ones ZooKeeper's tools
 * print, in the same order.
 */
public final class EnsembleConfig {
    private static final String WRONG_FORMAT = " does not have the form server_config or server_config;client_config"
            + " where server_config is the pipe separated list of host:port:port or host:port:port:type"
            + " and client_config is port or host:port";

    private EnsembleConfig() {
    }

    /** One server line. {@code clientHost} is null when the line has no client address. */
    public record Server(long id, String host, int quorumPort, int electionPort, boolean observer, String clientHost,
                         int clientPort) {
        /** The line's value as ZooKeeper writes it back: {@code host:q:e:role[;clientHost:clientPort]}. */
        public String spec() {
            String s = delimited(host) + ":" + quorumPort + ":" + electionPort + (observer ? ":observer" : ":participant");
            return clientHost == null ? s : s + ";" + delimited(clientHost) + ":" + clientPort;
        }

        private static String delimited(String host) {
            return host.contains(":") ? "[" + host + "]" : host;
        }
    }

    /**
     * Parses the value of a {@code server.id} line.
     *
     * @throws IllegalArgumentException with ZooKeeper's message when the value is malformed
     */
    public static Server parseServer(long id, String value) {
        String[] serverClient = value.split(";");
        String clientHost = null;
        int clientPort = 0;
        if (serverClient.length == 2) {
            String[] client = hostAndPort(serverClient[1]);
            if (client.length > 2) {
                throw new IllegalArgumentException(value + WRONG_FORMAT);
            }
            clientHost = client.length == 2 ? client[0] : "0.0.0.0";
            clientPort = port(client[client.length - 1], "null");
        }
        String[] addresses = serverClient[0].split("\\|");
        if (addresses.length > 1) {
            throw new IllegalArgumentException("Multiple address feature is disabled, but multiple addresses were "
                    + "specified for sid " + id);
        }
        String[] parts = hostAndPort(addresses[0]);
        if (serverClient.length > 2 || parts.length < 3 || parts.length > 4) {
            throw new IllegalArgumentException(value + WRONG_FORMAT);
        }
        int quorum = port(parts[1], parts[0]);
        int election = port(parts[2], parts[0]);
        if (quorum == election) {
            throw new IllegalArgumentException("Client and election port must be different! Please update the "
                    + "configuration file on server." + id);
        }
        boolean observer = false;
        if (parts.length == 4) {
            String type = parts[3].trim().toLowerCase();
            if (!type.equals("observer") && !type.equals("participant")) {
                throw new IllegalArgumentException("Unrecognised peertype: " + parts[3]);
            }
            observer = type.equals("observer");
        }
        return new Server(id, literal(parts[0]), quorum, election, observer, literal(clientHost), clientPort);
    }

    /** An IPv6 literal in Java's full form (as ZooKeeper prints a resolved literal); other hosts unchanged. */
    private static String literal(String host) {
        if (host == null || !host.contains(":")) {
            return host;
        }
        try {
            return java.net.InetAddress.getByName(host).getHostAddress(); // a literal: no name lookup
        } catch (java.net.UnknownHostException e) {
            return host;
        }
    }

    private static int port(String text, String host) {
        int p;
        try {
            p = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Address unresolved: " + host + ":" + text);
        }
        if (p < 0 || p > 0xFFFF) {
            throw new IllegalArgumentException("port out of range:" + p);
        }
        return p;
    }

    /** {@code host:port[:...]} split at colons, with {@code [v6-literal]} as the host. */
    private static String[] hostAndPort(String s) {
        if (!s.startsWith("[")) {
            return s.split(":");
        }
        int close = s.indexOf(']');
        if (close < 0) {
            throw new IllegalArgumentException(s + " starts with '[' but has no matching ']:'");
        }
        if (close + 2 == s.length()) {
            throw new IllegalArgumentException(s + " doesn't have a port after colon");
        }
        if (close + 2 > s.length()) {
            return new String[] {s.substring(1, close)};
        }
        String[] rest = s.substring(close + 2).split(":");
        String[] out = new String[rest.length + 1];
        out[0] = s.substring(1, close);
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static Properties load(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /**
     * What zkCli's {@code config -c} prints: the version, a space, and the client addresses of the servers
     * ({@code host:port}, comma-separated; an empty entry for a server without one, a line that does not parse is
     * left out), in the order ZooKeeper lists them.
     */
    public static String clientConfigString(String configData) {
        StringBuilder hosts = new StringBuilder();
        boolean first = true;
        String version = "";
        for (Map.Entry<Object, Object> e : load(configData).entrySet()) {
            String key = e.getKey().toString().trim();
            String value = e.getValue().toString().trim();
            if (key.equals("version")) {
                version = value;
            }
            if (!key.startsWith("server.")) {
                continue;
            }
            Server s;
            try {
                s = parseServer(-1, value);
            } catch (IllegalArgumentException ex) {
                continue;
            }
            if (!first) {
                hosts.append(',');
            }
            first = false;
            if (s.clientHost() != null) {
                hosts.append(s.clientHost()).append(':').append(s.clientPort());
            }
        }
        return version + " " + hosts;
    }

    /** The client connect string of a configuration ({@code host:port,...}), for {@code updateServerList}. */
    public static String connectString(String configData) {
        String s = clientConfigString(configData);
        return s.substring(s.indexOf(' ') + 1);
    }

    /**
     * The membership text zkCli's {@code reconfig -file} sends: the file's server lines checked and rewritten as
     * ZooKeeper writes a majority configuration (one {@code server.N=spec} line each, then {@code version=hex}).
     *
     * @throws IllegalArgumentException with ZooKeeper's message when the membership is invalid
     */
    public static String membersOf(Properties file) {
        for (Object k : file.keySet()) {
            String key = k.toString().trim();
            if (key.startsWith("group") || key.startsWith("weight")) {
                throw new IllegalArgumentException("hierarchical quorums (group/weight lines) are not supported");
            }
            if (!key.startsWith("server.") && !key.equals("version")) {
                throw new IllegalArgumentException("Unrecognised parameter: " + key);
            }
        }
        // ZooKeeper keeps the members in a HashMap keyed by id and writes them in its iteration order.
        Map<Long, Server> members = new HashMap<>();
        long version = 0;
        for (Map.Entry<Object, Object> e : file.entrySet()) {
            String key = e.getKey().toString();
            String value = e.getValue().toString();
            if (key.startsWith("server.")) {
                long sid = Long.parseLong(key.substring(key.indexOf('.') + 1));
                members.put(sid, parseServer(sid, value));
            } else if (key.equals("version")) {
                version = Long.parseLong(value, 16);
            }
        }
        long voters = members.values().stream().filter(m -> !m.observer()).count();
        long observers = members.size() - voters;
        if (voters == 0 && observers > 0) {
            throw new IllegalArgumentException("Observers w/o participants is an invalid configuration");
        }
        if (voters == 1 && observers > 0) {
            throw new IllegalArgumentException("Observers w/o quorum is an invalid configuration");
        }
        StringBuilder sb = new StringBuilder();
        for (Server s : members.values()) {
            sb.append("server.").append(s.id()).append('=').append(s.spec()).append('\n');
        }
        return sb.append("version=").append(Long.toHexString(version)).toString();
    }
}

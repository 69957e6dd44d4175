package dev.paddock.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code server.N=host:quorumPort:electionPort[:participant|:observer][;[clientAddress:]clientPort]} line,
 * with ZooKeeper 3.6's {@code |}-separated multiple addresses ({@code a:1:2|b:3:4}) when multiAddress is enabled.
 * The grammar follows ZooKeeper's {@code QuorumPeer.QuorumServer}: a host may be a bracketed IPv6 literal, the role
 * may follow any address but must be the same on all of them, the client part is {@code port} or {@code host:port}.
 * Hosts are kept as written (not resolved): a host that does not resolve yet is not an error, as in ZooKeeper.
 *
 * @param id            N
 * @param addresses     one or more {@code host:quorumPort:electionPort}
 * @param role          participant unless the line says observer
 * @param clientAddress the client address after ';', or null (a bare port: all addresses)
 * @param clientPort    the client port after ';', or -1
 * @param raw           the value as written
 */
public record QuorumServerSpec(long id, List<Address> addresses, PeerType role, String clientAddress, int clientPort,
        String raw) {

    public QuorumServerSpec {
        addresses = List.copyOf(addresses);
    }

    /** One {@code host:quorumPort:electionPort}; host without brackets. */
    public record Address(String host, int quorumPort, int electionPort) {
        /** {@code host:electionPort}, IPv6 literals in brackets: the form the election handshake carries. */
        public String electionHostPort() {
            return bracketed(host) + ":" + electionPort;
        }

        public String quorumHostPort() {
            return bracketed(host) + ":" + quorumPort;
        }
    }

    public boolean isObserver() {
        return role == PeerType.OBSERVER;
    }

    /** The first address (ZooKeeper's "one" address: what a peer advertises with protocol version 1). */
    public Address firstAddress() {
        return addresses.get(0);
    }

    public static String bracketed(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    public static final String FORMAT = "expected host:quorumPort:electionPort[:participant|:observer]"
            + "[;[clientAddress:]clientPort], addresses separated by '|'";

    /**
     * @param multiAddressEnabled whether {@code |} may join several addresses (ZooKeeper: multiAddress.enabled)
     * @throws IllegalArgumentException with a short reason when the value is malformed
     */
    public static QuorumServerSpec parse(long id, String value, boolean multiAddressEnabled) {
        String[] serverClient = value.split(";");
        if (serverClient.length > 2 || serverClient.length == 0) {
            throw new IllegalArgumentException(FORMAT);
        }
        String clientAddress = null;
        int clientPort = -1;
        if (serverClient.length == 2) {
            String[] client = hostAndPort(serverClient[1].trim());
            if (client.length > 2 || client.length == 0) {
                throw new IllegalArgumentException("the client part after ';' must be port or host:port");
            }
            if (client.length == 2) {
                clientAddress = client[0];
            }
            clientPort = port(client[client.length - 1], "client port");
        }
        String[] serverAddresses = serverClient[0].split("\\|");
        if (serverAddresses.length > 1 && !multiAddressEnabled) {
            throw new IllegalArgumentException("several addresses separated by '|' need multiAddress.enabled=true");
        }
        PeerType role = null;
        List<Address> addresses = new ArrayList<>();
        for (String one : serverAddresses) {
            String[] parts = hostAndPort(one.trim());
            if (parts.length < 3 || parts.length > 4) {
                throw new IllegalArgumentException(FORMAT);
            }
            String host = parts[0].trim();
            if (host.isEmpty()) {
                throw new IllegalArgumentException("missing host in '" + one.trim() + "'");
            }
            int quorumPort = port(parts[1], "quorum port");
            int electionPort = port(parts[2], "election port");
            if (quorumPort == electionPort) {
                throw new IllegalArgumentException("quorum port and election port must differ (both " + quorumPort + ")");
            }
            if (parts.length == 4) {
                PeerType r = PeerType.fromConfig(parts[3]);
                if (r == null) {
                    throw new IllegalArgumentException("role must be participant or observer, got '" + parts[3].trim() + "'");
                }
                if (role != null && role != r) {
                    throw new IllegalArgumentException("all addresses of one server must have the same role ("
                            + role.configName() + " vs " + r.configName() + ")");
                }
                role = r;
            }
            addresses.add(new Address(host, quorumPort, electionPort));
        }
        return new QuorumServerSpec(id, addresses, role == null ? PeerType.PARTICIPANT : role, clientAddress,
                clientPort, value);
    }

    /**
     * Splits {@code host:a:b...} at colons; a leading {@code [v6]} stays one part without its brackets.
     * A bare {@code [v6]} (no port) comes back as one part.
     */
    public static String[] hostAndPort(String s) {
        if (!s.startsWith("[")) {
            return s.split(":"); // as ZooKeeper: trailing empty parts vanish ("h:1:2:" is h:1:2)
        }
        int close = s.indexOf(']');
        if (close < 0) {
            throw new IllegalArgumentException("'" + s + "' starts with '[' but has no matching ']'");
        }
        String host = s.substring(1, close);
        String rest = s.substring(close + 1);
        if (rest.isEmpty()) {
            return new String[] {host};
        }
        if (!rest.startsWith(":") || rest.length() == 1) {
            throw new IllegalArgumentException("'" + s + "' needs ':port' after ']'");
        }
        String[] ports = rest.substring(1).split(":");
        String[] all = new String[ports.length + 1];
        all[0] = host;
        System.arraycopy(ports, 0, all, 1, ports.length);
        return all;
    }

    private static int port(String text, String what) {
        int p;
        try {
            p = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text.trim() + "' is not a number");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(what + " " + p + " is out of range 0-65535");
        }
        return p;
    }
}

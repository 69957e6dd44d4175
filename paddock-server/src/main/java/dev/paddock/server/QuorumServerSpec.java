package dev.paddock.server;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code server.N=host:quorumPort:electionPort[:role][;[clientAddress:]clientPort]} line. Paddock runs
 * standalone today; ensemble lines are parsed, checked and kept for when replication arrives.
 *
 * @param id            N
 * @param addresses     one or more {@code host:quorumPort:electionPort} (ZooKeeper 3.6+ allows several, split by |)
 * @param role          "participant" or "observer"
 * @param clientAddress the client address after ';', or null
 * @param clientPort    the client port after ';', or -1
 * @param raw           the value as written
 */
public record QuorumServerSpec(long id, List<Address> addresses, String role, String clientAddress, int clientPort,
        String raw) {

    public record Address(String host, int quorumPort, int electionPort) {
    }

    /** @throws IllegalArgumentException with a short reason when the value is malformed */
    static QuorumServerSpec parse(long id, String value) {
        String serverPart = value;
        String clientAddress = null;
        int clientPort = -1;
        int semi = value.indexOf(';');
        if (semi >= 0) {
            serverPart = value.substring(0, semi).trim();
            String clientPart = value.substring(semi + 1).trim();
            int colon = clientPart.lastIndexOf(':');
            String portText = clientPart;
            if (colon >= 0) {
                clientAddress = unbracket(clientPart.substring(0, colon));
                portText = clientPart.substring(colon + 1);
            }
            clientPort = port(portText, "client port");
        }
        String role = "participant";
        List<Address> addresses = new ArrayList<>();
        for (String one : serverPart.split("\\|")) {
            List<String> parts = splitHostParts(one.trim());
            if (parts.size() < 3 || parts.size() > 4) {
                throw new IllegalArgumentException("expected host:port:port[:role][;[address:]clientPort], got '" + value + "'");
            }
            if (parts.size() == 4) {
                String r = parts.get(3).toLowerCase();
                if (!r.equals("participant") && !r.equals("observer")) {
                    throw new IllegalArgumentException("role must be participant or observer, got '" + parts.get(3) + "'");
                }
                role = r;
            }
            if (parts.get(0).isEmpty()) {
                throw new IllegalArgumentException("missing host in '" + value + "'");
            }
            addresses.add(new Address(parts.get(0), port(parts.get(1), "quorum port"), port(parts.get(2), "election port")));
        }
        return new QuorumServerSpec(id, List.copyOf(addresses), role, clientAddress, clientPort, value);
    }

    /** Splits host:a:b[:c], where host may be a bracketed IPv6 literal. */
    private static List<String> splitHostParts(String s) {
        List<String> parts = new ArrayList<>();
        String rest = s;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unterminated [ in '" + s + "'");
            }
            parts.add(s.substring(1, close));
            rest = s.substring(close + 1);
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("expected ':' after ']' in '" + s + "'");
            }
            rest = rest.substring(1);
        } else {
            int colon = s.indexOf(':');
            if (colon < 0) {
                parts.add(s);
                return parts;
            }
            parts.add(s.substring(0, colon));
            rest = s.substring(colon + 1);
        }
        for (String p : rest.split(":", -1)) {
            parts.add(p.trim());
        }
        return parts;
    }

    private static String unbracket(String host) {
        String h = host.trim();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
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

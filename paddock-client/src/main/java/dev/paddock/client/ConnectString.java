package dev.paddock.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A parsed connect string {@code host1:port1,host2:port2/chroot}; the port defaults to 2181. */
public record ConnectString(List<InetSocketAddress> servers, String chroot) {
    public static final int DEFAULT_PORT = 2181;

    public static ConnectString parse(String connectString) {
        if (connectString == null || connectString.isBlank()) {
            throw new IllegalArgumentException("connect string is empty");
        }
        String hosts = connectString;
        String chroot = null;
        int slash = connectString.indexOf('/');
        if (slash >= 0) {
            String c = connectString.substring(slash);
            hosts = connectString.substring(0, slash);
            if (c.length() > 1) {
                PathUtils.validatePath(c);
                chroot = c;
            }
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String part : hosts.split(",")) {
            String h = part.trim();
            if (h.isEmpty()) {
                continue;
            }
            int port = DEFAULT_PORT;
            String host;
            if (h.startsWith("[")) {
                int close = h.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("bad IPv6 address in connect string: " + h);
                }
                host = h.substring(1, close);
                if (close + 1 < h.length()) {
                    if (h.charAt(close + 1) != ':') {
                        throw new IllegalArgumentException("bad IPv6 address in connect string: " + h);
                    }
                    port = parsePort(h.substring(close + 2), h);
                }
            } else {
                int colon = h.lastIndexOf(':');
                host = colon >= 0 ? h.substring(0, colon) : h;
                if (colon >= 0 && colon < h.length() - 1) {
                    port = parsePort(h.substring(colon + 1), h);
                }
            }
            servers.add(InetSocketAddress.createUnresolved(host, port));
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("A HostProvider may not be empty!");
        }
        return new ConnectString(List.copyOf(servers), chroot);
    }

    private static int parsePort(String s, String host) {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("port out of range in connect string: " + host);
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in connect string: " + host, e);
        }
    }
}

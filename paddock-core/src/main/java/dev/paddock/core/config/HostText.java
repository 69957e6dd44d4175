package dev.paddock.core.config;

/**
 * How ZooKeeper prints a configured host ({@code InetSocketAddress.getHostString()} of a resolved literal): an IPv6
 * literal in Java's full form (eight groups, lowercase hex without leading zeros, no {@code ::}); an IPv4-mapped
 * IPv6 literal as dotted IPv4; a scope id dropped; any other host as written. Done by hand: the core touches no {@code java.net}.
 */
public final class HostText {
    private HostText() {
    }

    /** The host as ZooKeeper shows it. */
    public static String of(String host) {
        int[] groups = ipv6Groups(host);
        if (groups == null) {
            return host;
        }
        boolean mapped = true;
        for (int i = 0; i < 5; i++) {
            mapped &= groups[i] == 0;
        }
        if (mapped && groups[5] == 0xffff) {
            return (groups[6] >> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >> 8) + "." + (groups[7] & 0xff);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(i == 0 ? "" : ":").append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** The eight 16-bit groups of an IPv6 literal (scope id ignored), or null when it is not one. */
    static int[] ipv6Groups(String host) {
        if (host == null || host.indexOf(':') < 0) {
            return null;
        }
        int percent = host.indexOf('%');
        String addr = percent >= 0 ? host.substring(0, percent) : host;
        int gap = addr.indexOf("::");
        if (gap >= 0 && addr.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = parseGroups(gap >= 0 ? addr.substring(0, gap) : addr);
        int[] tail = gap >= 0 ? parseGroups(addr.substring(gap + 2)) : new int[0];
        if (head == null || tail == null) {
            return null;
        }
        int n = head.length + tail.length;
        if (gap < 0 ? n != 8 : n > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        return all;
    }

    private static int[] parseGroups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int extra = parts[parts.length - 1].indexOf('.') >= 0 ? 1 : 0;
        int[] out = new int[parts.length + extra];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && extra == 1) {
                int[] v4 = ipv4(p);
                if (v4 == null) {
                    return null;
                }
                out[i] = v4[0] << 8 | v4[1];
                out[i + 1] = v4[2] << 8 | v4[3];
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            try {
                out[i] = Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    private static int[] ipv4(String s) {
        byte[] b = dev.paddock.core.auth.Acls.ipv4(s);
        return b == null ? null : new int[] {b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff};
    }
}

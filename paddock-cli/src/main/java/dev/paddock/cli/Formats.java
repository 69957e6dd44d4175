package dev.paddock.cli;

import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.data.Stat;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** The text formats zkCli prints: Stat blocks, ACL entries, permission letters, hex dumps. */
final class Formats {
    private Formats() {
    }

    static void printStat(PrintStream out, Stat s) {
        out.println("cZxid = 0x" + Long.toHexString(s.czxid()));
        out.println("ctime = " + new Date(s.ctime()));
        out.println("mZxid = 0x" + Long.toHexString(s.mzxid()));
        out.println("mtime = " + new Date(s.mtime()));
        out.println("pZxid = 0x" + Long.toHexString(s.pzxid()));
        out.println("cversion = " + s.cversion());
        out.println("dataVersion = " + s.version());
        out.println("aclVersion = " + s.aversion());
        out.println("ephemeralOwner = 0x" + Long.toHexString(s.ephemeralOwner()));
        out.println("dataLength = " + s.dataLength());
        out.println("numChildren = " + s.numChildren());
    }

    /** Permission letters in zkCli's order: c d r w a. */
    static String perms(int p) {
        StringBuilder sb = new StringBuilder();
        if ((p & Perms.CREATE) != 0) {
            sb.append('c');
        }
        if ((p & Perms.DELETE) != 0) {
            sb.append('d');
        }
        if ((p & Perms.READ) != 0) {
            sb.append('r');
        }
        if ((p & Perms.WRITE) != 0) {
            sb.append('w');
        }
        if ((p & Perms.ADMIN) != 0) {
            sb.append('a');
        }
        return sb.toString();
    }

    /** An Id the way jute's CSV record text shows it: {@code 'scheme,'id} and a line break. */
    static String id(Id id) {
        return csv(id.scheme()) + "," + csv(id.id()) + "\n";
    }

    private static String csv(String s) {
        if (s == null) {
            return "'";
        }
        StringBuilder sb = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\0' -> sb.append("%00");
                case '\n' -> sb.append("%0A");
                case '\r' -> sb.append("%0D");
                case ',' -> sb.append("%2C");
                case '}' -> sb.append("%7D");
                case '%' -> sb.append("%25");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String acl(ACL a) {
        return id(a.id()) + ": " + perms(a.perms());
    }

    /**
     * Parses {@code scheme:id:perm[,scheme:id:perm...]}; malformed entries and unknown letters are reported on
     * {@code err} and skipped.
     */
    static List<ACL> parseAcl(String text, PrintStream err) {
        List<ACL> out = new ArrayList<>();
        for (String a : text.split(",")) {
            int first = a.indexOf(':');
            int last = a.lastIndexOf(':');
            if (first == -1 || first == last) {
                err.println(a + " does not have the form scheme:id:perm");
                continue;
            }
            int perms = 0;
            for (char c : a.substring(last + 1).toCharArray()) {
                switch (c) {
                    case 'r' -> perms |= Perms.READ;
                    case 'w' -> perms |= Perms.WRITE;
                    case 'c' -> perms |= Perms.CREATE;
                    case 'd' -> perms |= Perms.DELETE;
                    case 'a' -> perms |= Perms.ADMIN;
                    default -> err.println("Unknown perm type: " + c);
                }
            }
            out.add(new ACL(perms, new Id(a.substring(0, first), a.substring(first + 1, last))));
        }
        return out;
    }

    /** A 16-bytes-per-row hex dump framed with a ruler (the layout zkCli's {@code get -x} prints). */
    static String hexDump(byte[] data) {
        if (data.length == 0) {
            return "";
        }
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder();
        sb.append("         +-------------------------------------------------+").append(nl);
        sb.append("         |  0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f |").append(nl);
        sb.append("+--------+-------------------------------------------------+----------------+");
        for (int row = 0; row < data.length; row += 16) {
            sb.append(nl).append('|').append(String.format("%08x", row)).append('|');
            int end = Math.min(row + 16, data.length);
            for (int i = row; i < row + 16; i++) {
                sb.append(i < end ? String.format(" %02x", data[i] & 0xff) : "   ");
            }
            sb.append(" |");
            for (int i = row; i < row + 16; i++) {
                if (i < end) {
                    int c = data[i] & 0xff;
                    sb.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
                } else {
                    sb.append(' ');
                }
            }
            sb.append('|');
        }
        sb.append(nl).append("+--------+-------------------------------------------------+----------------+");
        return sb.toString();
    }
}

package dev.paddock.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Paddock's version: the ZooKeeper protocol level it implements, then its own release. */
public final class Version {
    /** ZooKeeper level + Paddock release, as srvr/stat/envi/mntr report it. */
    public static final String VERSION = "3.9.3-paddock-0.1.0";

    private static final String BUILD_DATE = readBuildDate();

    private Version() {
    }

    /** When this jar was built, e.g. "2026-11-22 04:35 UTC" ("unknown" when not built by Maven). */
    public static String buildDate() {
        return BUILD_DATE;
    }

    /** As ZooKeeper prints it: "3.9.3-paddock-0.1.0, built on 2026-11-22 04:35 UTC". */
    public static String fullVersion() {
        return VERSION + ", built on " + BUILD_DATE;
    }

    private static String readBuildDate() {
        try (InputStream in = Version.class.getResourceAsStream("paddock-build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String d = p.getProperty("build.date", "").trim();
            return d.isEmpty() || d.startsWith("${") ? "unknown" : d;
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) {
        System.out.println(fullVersion());
    }
}

package dev.paddock.server.ensemble;

import dev.paddock.core.config.QuorumConfig;
import dev.paddock.core.config.QuorumServerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the configuration files in step with the configuration in force, as ZooKeeper does: each activated
 * configuration is written to {@code <zoo.cfg>.dynamic.<version hex>} (its server lines, without the version, which
 * is in the name), and zoo.cfg is rewritten to point at it ({@code dynamicConfigFile=}); its server.N lines, any older
 * dynamicConfigFile line and, when this server's line now carries its client address, clientPort and
 * clientPortAddress go. Each file is written to a temporary name and moved into place.
 */
public final class DynamicConfigFiles {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicConfigFiles.class);

    private final Path staticFile;
    private final long myId;

    /** @param staticFile zoo.cfg; null when the server was not started from a file (nothing is written then) */
    public DynamicConfigFiles(Path staticFile, long myId) {
        this.staticFile = staticFile;
        this.myId = myId;
    }

    /** The dynamic file for {@code version}. */
    public Path dynamicFile(long version) {
        return staticFile.resolveSibling(staticFile.getFileName() + ".dynamic." + Long.toHexString(version));
    }

    /** Writes {@code config}'s dynamic file and points zoo.cfg at it. Failures are logged: the server goes on. */
    public void write(QuorumConfig config) {
        if (staticFile == null) {
            return;
        }
        try {
            Path dynamic = dynamicFile(config.version());
            String text = config.text();
            String lines = text.substring(0, text.lastIndexOf("version="));
            replace(dynamic, lines);
            QuorumServerSpec me = config.servers().get(myId);
            boolean eraseClient = me != null && me.clientPort() >= 0;
            replace(staticFile, editStatic(Files.readString(staticFile, StandardCharsets.ISO_8859_1), dynamic,
                    eraseClient));
            LOG.info("Configuration 0x{} written to {}; {} points at it", Long.toHexString(config.version()), dynamic,
                    staticFile);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not write configuration 0x{} next to {}: {}", Long.toHexString(config.version()),
                    staticFile, e.toString());
        }
    }

    /** zoo.cfg's text with the ensemble lines taken out and {@code dynamicConfigFile=<dynamic>} appended. */
    static String editStatic(String text, Path dynamic, boolean eraseClient) {
        List<String> kept = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String key = keyOf(line);
            boolean drop = key.startsWith("server.") || key.startsWith("group.") || key.startsWith("weight.")
                    || key.equals("dynamicconfigfile")
                    || (eraseClient && (key.equals("clientport") || key.equals("clientportaddress")));
            if (!drop) {
                kept.add(line);
            }
        }
        while (!kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) {
            kept.remove(kept.size() - 1);
        }
        kept.add("dynamicConfigFile=" + dynamic.toAbsolutePath());
        return String.join("\n", kept) + "\n";
    }

    private static String keyOf(String line) {
        String t = line.trim();
        if (t.isEmpty() || t.startsWith("#")) {
            return "";
        }
        int eq = t.indexOf('=');
        return (eq < 0 ? t : t.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
    }

    private static void replace(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.ISO_8859_1);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

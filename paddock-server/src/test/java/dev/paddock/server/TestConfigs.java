package dev.paddock.server;

import java.nio.file.Path;
import java.util.Properties;

/** Settings the server tests start from. */
public final class TestConfigs {
    private TestConfigs() {
    }

    /**
     * A standalone server on an ephemeral port with its data under {@code dir}/data, a 200 ms tick and every
     * four-letter word enabled; then {@code keyValues} (key, value, key, value, ...) on top.
     */
    public static Properties standalone(Path dir, String... keyValues) {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", dir.resolve("data").toString());
        p.setProperty("tickTime", "200");
        p.setProperty("4lw.commands.whitelist", "*");
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }
}

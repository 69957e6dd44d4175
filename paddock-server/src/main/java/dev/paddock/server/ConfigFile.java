package dev.paddock.server;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Splits a zoo.cfg text into its entries, remembering the line each entry starts on. Each logical line
 * (comment lines skipped, backslash continuations joined) is handed to {@link Properties#load} on its own, so
 * keys and values are decoded exactly as ZooKeeper decodes them; keys and values are then trimmed, as
 * ZooKeeper trims them.
 */
final class ConfigFile {
    /** One {@code key=value} entry. {@code line} is 1-based: the line the entry starts on. */
    record Entry(String key, String value, int line) {
    }

    private ConfigFile() {
    }

    static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length) {
            int start = i;
            String line = lines[i++];
            String stripped = stripLeading(line);
            if (stripped.isEmpty() || stripped.charAt(0) == '#' || stripped.charAt(0) == '!') {
                continue; // a comment line never continues onto the next, even if it ends in a backslash
            }
            StringBuilder logical = new StringBuilder(line);
            while (endsWithOddBackslashes(line) && i < lines.length) {
                line = lines[i++];
                logical.append('\n').append(line);
            }
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("line " + (start + 1) + ": cannot be read (" + e.getMessage() + ")", e);
            }
            for (String key : one.stringPropertyNames()) {
                entries.add(new Entry(key.trim(), one.getProperty(key).trim(), start + 1));
            }
        }
        return entries;
    }

    private static String stripLeading(String s) {
        int k = 0;
        while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t' || s.charAt(k) == '\f')) {
            k++;
        }
        return s.substring(k);
    }

    private static boolean endsWithOddBackslashes(String s) {
        int n = 0;
        for (int k = s.length() - 1; k >= 0 && s.charAt(k) == '\\'; k--) {
            n++;
        }
        return n % 2 == 1;
    }
}

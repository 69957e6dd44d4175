package dev.paddock.compat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus text exposition (format 0.0.4) read into families: each {@code # TYPE} line's name and type, the
 * label names its samples carry (samples {@code name}, {@code name_sum}, {@code name_count}, {@code name_bucket},
 * {@code name_created}), and the samples' values.
 */
final class PromText {
    record Family(String name, String type, Set<String> labelNames, Map<String, Double> samples) {
    }

    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (\\S+)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+).*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final String[] SUFFIXES = {"_sum", "_count", "_bucket", "_created", "_total"};

    private PromText() {
    }

    static Map<String, Family> parse(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher t = TYPE.matcher(line);
            if (t.matches()) {
                families.put(t.group(1), new Family(t.group(1), t.group(2), new TreeSet<>(), new LinkedHashMap<>()));
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher s = SAMPLE.matcher(line);
            if (!s.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Family f = familyOf(families, s.group(1));
            if (f == null) {
                throw new IllegalArgumentException("sample without a # TYPE: " + line);
            }
            if (s.group(3) != null) {
                Matcher l = LABEL.matcher(s.group(3));
                while (l.find()) {
                    f.labelNames().add(l.group(1));
                }
            }
            f.samples().put(s.group(1) + (s.group(2) == null ? "" : s.group(2)), value(s.group(4)));
        }
        return families;
    }

    private static Family familyOf(Map<String, Family> families, String sample) {
        Family f = families.get(sample);
        if (f != null) {
            return f;
        }
        for (String suffix : SUFFIXES) {
            if (sample.endsWith(suffix)) {
                f = families.get(sample.substring(0, sample.length() - suffix.length()));
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    private static double value(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }
}

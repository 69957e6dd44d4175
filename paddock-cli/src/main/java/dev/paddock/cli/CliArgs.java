package dev.paddock.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a shell line into words and a command's words into flags and positional arguments, the way zkCli does
 * (single-letter options anywhere on the line, values after a space or attached, letters can be grouped).
 */
final class CliArgs {
    /** A word is a quoted run (quotes dropped) or a run of non-blanks that does not start with a quote. */
    private static final Pattern WORD = Pattern.compile("\\s*(\"[^\"]*\"|'[^']*'|[^\"'\\s]\\S*)\\s*");

    private CliArgs() {
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(line);
        while (m.find()) {
            String w = m.group(1);
            if (w.length() >= 2 && (w.charAt(0) == '"' || w.charAt(0) == '\'') && w.charAt(w.length() - 1) == w.charAt(0)) {
                w = w.substring(1, w.length() - 1);
            }
            words.add(w);
        }
        return words;
    }

    /** One option of a command: its letter, whether it takes a value, its help text. */
    record Opt(String name, boolean hasArg, String description) {
    }

    /** Options a command accepts, in declaration order. */
    static final class Spec {
        final Map<String, Opt> opts = new LinkedHashMap<>();

        Spec flag(String name, String description) {
            opts.put(name, new Opt(name, false, description));
            return this;
        }

        Spec value(String name, String description) {
            opts.put(name, new Opt(name, true, description));
            return this;
        }

        /**
         * The option help block zkCli appends to some usage texts: one line per option sorted by name, a one-space
         * margin, the option (with {@code <arg>} when it takes a value) padded to the widest, three spaces, the text.
         */
        String help() {
            List<Opt> sorted = new ArrayList<>(opts.values());
            sorted.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
            int width = 0;
            for (Opt o : sorted) {
                width = Math.max(width, label(o).length());
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < sorted.size(); i++) {
                Opt o = sorted.get(i);
                String l = label(o);
                sb.append(' ').append(l).append(" ".repeat(width - l.length())).append("   ")
                        .append(o.description());
                if (i + 1 < sorted.size()) {
                    sb.append(System.lineSeparator());
                }
            }
            return sb.toString();
        }

        private static String label(Opt o) {
            return "-" + o.name() + (o.hasArg() ? " <arg>" : "");
        }
    }

    /** A parsed command line: flags seen (with values) and positional words (the command name first). */
    static final class Parsed {
        final Map<String, String> options = new HashMap<>();
        final List<String> args = new ArrayList<>();

        boolean has(String opt) {
            return options.containsKey(opt);
        }

        String value(String opt) {
            return options.get(opt);
        }

        String arg(int i) {
            return args.get(i);
        }

        int argCount() {
            return args.size();
        }
    }

    static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;

        ParseError(String message) {
            super(message);
        }
    }

    private static boolean isNegativeNumber(String s) {
        try {
            Double.parseDouble(s);
            return s.startsWith("-");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static Parsed parse(Spec spec, String[] words) throws ParseError {
        Parsed p = new Parsed();
        boolean onlyArgs = false;
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (onlyArgs || !w.startsWith("-") || w.equals("-")) {
                p.args.add(w);
                continue;
            }
            if (w.equals("--")) {
                onlyArgs = true;
                continue;
            }
            String body = w.startsWith("--") ? w.substring(2) : w.substring(1);
            Opt whole = spec.opts.get(body);
            if (whole != null) {
                if (whole.hasArg()) {
                    if (i + 1 < words.length && (!looksLikeOption(spec, words[i + 1]) || isNegativeNumber(words[i + 1]))) {
                        p.options.put(whole.name(), words[++i]);
                    } else {
                        throw new ParseError("org.apache.commons.cli.MissingArgumentException: Missing argument for "
                                + "option: " + whole.name());
                    }
                } else {
                    p.options.put(whole.name(), null);
                }
                continue;
            }
            Opt first = spec.opts.get(body.substring(0, 1));
            if (first == null) {
                throw new ParseError("org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: " + w);
            }
            if (first.hasArg()) {
                p.options.put(first.name(), body.substring(1));
                continue;
            }
            // grouped flags: -sw
            for (int k = 0; k < body.length(); k++) {
                Opt o = spec.opts.get(body.substring(k, k + 1));
                if (o == null) {
                    throw new ParseError("org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: "
                            + (k == 0 ? w : "-" + body.substring(k)));
                }
                if (o.hasArg()) {
                    String rest = body.substring(k + 1);
                    if (rest.isEmpty()) {
                        if (i + 1 < words.length) {
                            rest = words[++i];
                        } else {
                            throw new ParseError("org.apache.commons.cli.MissingArgumentException: Missing argument "
                                    + "for option: " + o.name());
                        }
                    }
                    p.options.put(o.name(), rest);
                    break;
                }
                p.options.put(o.name(), null);
            }
        }
        return p;
    }

    private static boolean looksLikeOption(Spec spec, String w) {
        return w.startsWith("-") && w.length() > 1 && spec.opts.containsKey(w.substring(1, 2));
    }
}

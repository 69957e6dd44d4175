package dev.paddock.security.sasl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kerberos {@code auth_to_local} mapping rules as ZooKeeper reads them from {@value #PROPERTY}: a list of
 * {@code DEFAULT} (the primary, when the realm is the default realm) and
 * {@code RULE:[n:format](match)s/from/to/[g]} entries, tried in order; the first that applies gives the short name.
 * In a rule, {@code n} is the number of name components (1 for {@code user@REALM}, 2 for {@code service/host@REALM}),
 * {@code format} builds a string from {@code $0} (the realm), {@code $1}, {@code $2} (the components), which must
 * match {@code match} if given, then the sed-style substitution is applied. A result containing '/' or '@' is refused.
 */
public final class AuthToLocal {
    public static final String PROPERTY = "zookeeper.security.auth_to_local";
    public static final AuthToLocal DEFAULT = new AuthToLocal(List.of(Rule.DEFAULT_RULE), "DEFAULT");
    private static final Pattern RULE = Pattern.compile(
        "\\s*((DEFAULT)|(RULE:\\[(\\d*):([^\\]]*)](\\(([^)]*)\\))?(s/([^/]*)/([^/]*)/(g)?)?))");
    private static final Pattern PARAMETER = Pattern.compile("([^$]*)(\\$(\\d*))?");
    private static final Pattern NON_SIMPLE = Pattern.compile("[/@]");

    private final List<Rule> rules;
    private final String text;

    private AuthToLocal(List<Rule> rules, String text) {
        this.rules = List.copyOf(rules);
        this.text = text;
    }

    /** Parses the rules; an entry that is neither DEFAULT nor a RULE is an {@link IllegalArgumentException}. */
    public static AuthToLocal parse(String text) {
        List<Rule> rules = new ArrayList<>();
        String remaining = text.trim();
        while (!remaining.isEmpty()) {
            Matcher m = RULE.matcher(remaining);
            if (!m.lookingAt()) {
                throw new IllegalArgumentException("invalid auth_to_local rule: " + remaining);
            }
            if (m.group(2) != null) {
                rules.add(Rule.DEFAULT_RULE);
            } else {
                rules.add(new Rule(Integer.parseInt(m.group(4)), m.group(5),
                    m.group(7) == null ? null : Pattern.compile(m.group(7)),
                    m.group(9) == null ? null : Pattern.compile(m.group(9)), m.group(10), "g".equals(m.group(11))));
            }
            remaining = remaining.substring(m.end()).trim();
        }
        return new AuthToLocal(rules, text.trim());
    }

    /** The rules of {@value #PROPERTY} (DEFAULT when unset). */
    public static AuthToLocal fromSystemProperty() {
        return parse(System.getProperty(PROPERTY, "DEFAULT"));
    }

    /**
     * The short name of {@code name}: the name itself without host and realm, else the first rule's result; empty
     * when no rule applies or a rule yields a name with '/' or '@'.
     */
    public Optional<String> shortName(KerberosName name, String defaultRealm) {
        if (name.host() == null && name.realm() == null) {
            return Optional.of(name.primary());
        }
        String realm = name.realm() == null ? "" : name.realm();
        String[] params = name.host() == null ? new String[] {realm, name.primary()}
            : new String[] {realm, name.primary(), name.host()};
        for (Rule r : rules) {
            String result = r.apply(params, defaultRealm);
            if (result != null) {
                return NON_SIMPLE.matcher(result).find() ? Optional.empty() : Optional.of(result);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return text;
    }

    private record Rule(int components, String format, Pattern match, Pattern from, String to, boolean repeat) {
        static final Rule DEFAULT_RULE = new Rule(-1, null, null, null, null, false);

        String apply(String[] params, String defaultRealm) {
            if (this == DEFAULT_RULE) {
                return params[0].equals(defaultRealm) ? params[1] : null;
            }
            if (params.length - 1 != components) {
                return null;
            }
            String base = substitute(format, params);
            if (base == null || (match != null && !match.matcher(base).matches())) {
                return null;
            }
            if (from == null) {
                return base;
            }
            Matcher m = from.matcher(base);
            return repeat ? m.replaceAll(to) : m.replaceFirst(to);
        }

        /** The format with $n replaced by params[n]; null when an index is out of range. */
        private static String substitute(String format, String[] params) {
            Matcher m = PARAMETER.matcher(format);
            StringBuilder out = new StringBuilder();
            int start = 0;
            while (start < format.length() && m.find(start)) {
                out.append(m.group(1));
                if (m.group(3) != null) {
                    if (m.group(3).isEmpty()) {
                        return null;
                    }
                    int n = Integer.parseInt(m.group(3));
                    if (n >= params.length) {
                        return null;
                    }
                    out.append(params[n]);
                }
                start = m.end();
            }
            return out.toString();
        }
    }
}

package dev.paddock.compat;

import java.util.List;

/**
 * ZooKeeper 3.9.3's admin commands as its AdminServer registers them (read from its Commands class): names (the
 * primary one first), whether the command answers POST rather than GET, whether it needs an Authorization header
 * (ALL on "/"), and whether it answers only while the server is serving.
 */
final class AdminCommandCatalog {
    private AdminCommandCatalog() {
    }

    record Command(List<String> names, boolean post, boolean auth, boolean serverRequired) {
        String primary() {
            return names.get(0);
        }
    }

    private static Command get(String... names) {
        return new Command(List.of(names), false, false, true);
    }

    private static Command anytime(String... names) {
        return new Command(List.of(names), false, false, false);
    }

    static final List<Command> ALL = List.of(
        get("connection_stat_reset", "crst"),
        get("configuration", "conf", "config"),
        get("connections", "cons"),
        get("hash"),
        get("dirs"),
        get("dump"),
        anytime("environment", "env", "envi"),
        anytime("get_trace_mask", "gtmk"),
        get("initial_configuration", "icfg"),
        get("is_read_only", "isro"),
        get("last_snapshot", "lsnp"),
        get("leader", "lead"),
        anytime("monitor", "mntr"),
        get("observer_connection_stat_reset", "orst"),
        new Command(List.of("restore", "rest"), true, true, true),
        get("ruok"),
        anytime("set_trace_mask", "stmk"),
        new Command(List.of("snapshot", "snap"), false, true, true),
        get("server_stats", "srvr"),
        get("stats", "stat"),
        get("stat_reset", "srst"),
        get("observers", "obsr"),
        anytime("system_properties", "sysp"),
        get("voting_view"),
        get("watches", "wchc"),
        get("watches_by_path", "wchp"),
        get("watch_summary", "wchs"),
        anytime("zabstate"));

    /** Commands a plain GET runs without credentials (neither POST-only nor auth-needing). */
    static List<Command> plainGets() {
        return ALL.stream().filter(c -> !c.post() && !c.auth()).toList();
    }
}

package dev.paddock.cli;

import dev.paddock.cli.CliArgs.Parsed;
import dev.paddock.cli.PaddockCli.CliException;
import dev.paddock.client.EnsembleConfig;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.Properties;

/**
 * The arguments of the shell's {@code reconfig}, checked in zkCli's order and with its messages: at least one of
 * -file, -members, -add, -remove; -v in hex; no mixing of the incremental (-add/-remove) and non-incremental
 * (-file/-members) forms. Server lists are lower-cased as zkCli does; a -file is read as a configuration file and
 * its membership rewritten as ZooKeeper writes it.
 */
record Reconfig(String joining, String leaving, String members, long fromConfig, boolean stat) {

    static Reconfig parse(Parsed p, String usage) throws CliException {
        boolean nonIncremental = p.has("file") || p.has("members");
        boolean incremental = p.has("add") || p.has("remove");
        if (!nonIncremental && !incremental) {
            throw new CliException(usage);
        }
        long version = -1;
        if (p.has("v")) {
            try {
                version = Long.parseLong(p.value("v"), 16);
            } catch (NumberFormatException e) {
                throw new CliException("-v must be followed by a long (configuration version)");
            }
        }
        if (nonIncremental && incremental) {
            throw new CliException("Can't use -file or -members together with -add or -remove (mixing incremental"
                    + " and non-incremental modes is not allowed)");
        }
        if (p.has("file") && p.has("members")) {
            throw new CliException("Can't use -file and -members together (conflicting non-incremental modes)");
        }
        String members = lower(p.value("members"));
        if (p.has("file")) {
            String file = p.value("file");
            try (FileInputStream in = new FileInputStream(file)) {
                Properties cfg = new Properties();
                cfg.load(in);
                members = EnsembleConfig.membersOf(cfg);
            } catch (IOException | IllegalArgumentException e) {
                throw new CliException("Error processing " + file + e.getMessage());
            }
        }
        return new Reconfig(lower(p.value("add")), lower(p.value("remove")), members, version, p.has("s"));
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase();
    }
}

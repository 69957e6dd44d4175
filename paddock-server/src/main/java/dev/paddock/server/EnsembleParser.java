package dev.paddock.server;

import dev.paddock.core.config.PeerType;
import dev.paddock.core.config.QuorumServerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates the ensemble part of a configuration as ZooKeeper 3.9's {@code QuorumPeerConfig} does:
 * the server.N lines (or the dynamic config file), the myid file in dataDir, and the rules a server checks before
 * it joins an ensemble. Every refusal says which key or file, which line, and what to do.
 */
final class EnsembleParser {
    private static final Logger LOG = LoggerFactory.getLogger(EnsembleParser.class);

    /** A server line and where it was written. */
    private record Line(QuorumServerSpec spec, String key, String origin) {
    }

    private EnsembleParser() {
    }

    static EnsembleConfig parse(ConfigSource src, Path dataDir) {
        int initLimit = src.intValue("initLimit", 0, 0);
        int syncLimit = src.intValue("syncLimit", 0, 0);
        PeerType peerType = PeerType.PARTICIPANT;
        ConfigSource.Value pt = src.lookup("peerType");
        if (pt != null) {
            peerType = PeerType.fromConfig(pt.text());
            if (peerType == null) {
                throw ConfigSource.bad(pt, "must be participant or observer");
            }
        }
        ConfigSource.Value ea = src.lookup("electionAlg");
        int electionAlg = EnsembleConfig.ELECTION_ALG_FAST;
        if (ea != null) {
            electionAlg = ConfigSource.parseInt(ea);
            if (electionAlg != EnsembleConfig.ELECTION_ALG_FAST) {
                throw ConfigSource.bad(ea, "only 3 is supported");
            }
        }
        boolean quorumListenOnAllIPs = src.boolValue("quorumListenOnAllIPs", false);
        boolean syncEnabled = src.boolValue("syncEnabled", true, "zookeeper.observer.syncEnabled");
        boolean leaderServes = src.yesNoValue("leaderServes", true);
        int cnxTimeoutMs = src.intValue("cnxTimeout", EnsembleConfig.DEFAULT_CNX_TIMEOUT_MS, 1);
        boolean standaloneEnabled = src.boolValue("standaloneEnabled", true);
        boolean reconfigEnabled = src.boolValue("reconfigEnabled", false);
        boolean multiAddressEnabled = src.boolValue("multiAddress.enabled", false);
        ConfigSource.Value dcf = src.lookup("dynamicConfigFile");
        Path dynamicConfigFile = dcf == null ? null : src.path(dcf);

        List<Line> lines = dynamicConfigFile == null
                ? staticLines(src, multiAddressEnabled)
                : dynamicLines(src, dcf, dynamicConfigFile, multiAddressEnabled);
        Map<Long, QuorumServerSpec> servers = new TreeMap<>();
        for (Line l : lines) {
            servers.put(l.spec().id(), l.spec());
        }
        checkPortsUnique(lines);
        checkRoles(servers, standaloneEnabled);

        long myId = readMyId(dataDir);
        long configVersion = dynamicConfigFile == null ? 0 : versionFromFileName(dynamicConfigFile);
        QuorumServerSpec self = servers.get(myId);
        if (self != null && self.role() != peerType) {
            if (pt != null) {
                LOG.warn("peerType={} ({}) but server.{} says {}; the server line wins", peerType.configName(),
                        pt.origin(), myId, self.role().configName());
            }
            peerType = self.role();
        }
        EnsembleConfig ensemble = new EnsembleConfig(myId, servers, initLimit, syncLimit, peerType, electionAlg,
                quorumListenOnAllIPs, syncEnabled, leaderServes, cnxTimeoutMs, standaloneEnabled, reconfigEnabled,
                dynamicConfigFile, multiAddressEnabled, configVersion);
        if (ensemble.isDistributed()) {
            checkDistributed(ensemble, src, dataDir);
        }
        return ensemble;
    }

    private static List<Line> staticLines(ConfigSource src, boolean multi) {
        List<Line> lines = new ArrayList<>();
        Map<Long, Line> byId = new HashMap<>();
        for (ConfigFile.Entry e : src.entries()) {
            if (e.key().startsWith("server.")) {
                addLine(lines, byId, new ConfigSource.Value(e.key(), e.value(), src.where(e)), multi);
            } else if (e.key().startsWith("group.") || e.key().startsWith("weight.")) {
                throw ConfigSource.bad(new ConfigSource.Value(e.key(), e.value(), src.where(e)),
                        "hierarchical quorums (group.N, weight.N) are not supported; remove them to use majorities");
            }
        }
        return lines;
    }

    /** ZooKeeper 3.5+: with dynamicConfigFile set, server lines live only there (plus nothing but group/weight). */
    private static List<Line> dynamicLines(ConfigSource src, ConfigSource.Value dcf, Path file, boolean multi) {
        for (ConfigFile.Entry e : src.entries()) {
            if (e.key().startsWith("server.") || e.key().startsWith("group.") || e.key().startsWith("weight.")) {
                throw ConfigSource.bad(new ConfigSource.Value(e.key(), e.value(), src.where(e)),
                        "must be in the dynamic config file " + file + " when dynamicConfigFile is set");
            }
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw ConfigSource.bad(dcf, "cannot read the dynamic config file (" + e + ")");
        }
        List<ConfigFile.Entry> entries;
        try {
            entries = ConfigFile.parse(text);
        } catch (ConfigException e) {
            throw new ConfigException(file + " " + e.getMessage(), e);
        }
        List<Line> lines = new ArrayList<>();
        Map<Long, Line> byId = new HashMap<>();
        for (ConfigFile.Entry e : entries) {
            ConfigSource.Value v = new ConfigSource.Value(e.key(), e.value(), "line " + e.line() + " of " + file);
            if (e.key().startsWith("server.")) {
                addLine(lines, byId, v, multi);
            } else if (e.key().equals("version")) {
                throw ConfigSource.bad(v, "a dynamic config file must not hold a version (it is in the file name)");
            } else {
                throw ConfigSource.bad(v, "only server.N lines belong in a dynamic config file");
            }
        }
        return lines;
    }

    private static void addLine(List<Line> lines, Map<Long, Line> byId, ConfigSource.Value v, boolean multi) {
        long id;
        try {
            id = Long.parseLong(v.key().substring("server.".length()));
        } catch (NumberFormatException ex) {
            throw ConfigSource.bad(v, "the server id after 'server.' must be a number");
        }
        if (id < 0 || id == Long.MAX_VALUE) {
            throw ConfigSource.bad(v, "a server id must be between 0 and " + (Long.MAX_VALUE - 1));
        }
        QuorumServerSpec spec;
        try {
            spec = QuorumServerSpec.parse(id, v.text(), multi);
        } catch (IllegalArgumentException ex) {
            throw ConfigSource.bad(v, ex.getMessage());
        }
        Line line = new Line(spec, v.key(), v.origin());
        Line earlier = byId.putIfAbsent(id, line);
        if (earlier != null) {
            throw ConfigSource.bad(v, "server id " + id + " is already used by " + earlier.key() + " ("
                    + earlier.origin() + ")");
        }
        lines.add(line);
    }

    /** No two servers (nor one server twice) may use the same host:port for any of their ports. */
    private static void checkPortsUnique(List<Line> lines) {
        Map<String, String> taken = new LinkedHashMap<>();
        for (Line l : lines) {
            List<String[]> mine = new ArrayList<>();
            for (QuorumServerSpec.Address a : l.spec().addresses()) {
                mine.add(new String[] {a.host(), Integer.toString(a.quorumPort()), "quorum port"});
                mine.add(new String[] {a.host(), Integer.toString(a.electionPort()), "election port"});
            }
            if (l.spec().clientPort() > 0 && l.spec().clientAddress() != null) {
                mine.add(new String[] {l.spec().clientAddress(), Integer.toString(l.spec().clientPort()), "client port"});
            }
            for (String[] hp : mine) {
                String endpoint = QuorumServerSpec.bracketed(hp[0].toLowerCase(Locale.ROOT)) + ":" + hp[1];
                String what = "the " + hp[2] + " of " + l.key() + " (" + l.origin() + ")";
                String previous = taken.putIfAbsent(endpoint, what);
                if (previous != null) {
                    throw new ConfigException(l.key() + "=" + l.spec().raw() + " (" + l.origin() + "): " + endpoint
                            + " is used twice: as " + what + " and as " + previous);
                }
            }
        }
    }

    /** ZooKeeper's participant/observer count rules. */
    private static void checkRoles(Map<Long, QuorumServerSpec> servers, boolean standaloneEnabled) {
        if (servers.isEmpty()) {
            if (!standaloneEnabled) {
                throw new ConfigException("standaloneEnabled=false needs at least one participant server.N line");
            }
            return;
        }
        int participants = 0;
        int observers = 0;
        for (QuorumServerSpec s : servers.values()) {
            if (s.isObserver()) {
                observers++;
            } else {
                participants++;
            }
        }
        if (participants == 0) {
            if (!standaloneEnabled) {
                throw new ConfigException("standaloneEnabled=false needs at least one participant server.N line");
            }
            if (observers > 0) {
                throw new ConfigException("observers without participants: " + observers
                        + " server.N line(s) say observer and none is a participant");
            }
        } else if (participants == 1 && standaloneEnabled) {
            if (observers > 0) {
                throw new ConfigException("observers need a quorum: only one participant is listed and "
                        + "standaloneEnabled=true; add participants or set standaloneEnabled=false");
            }
            LOG.warn("Only one server.N line and standaloneEnabled=true: running standalone, the line is ignored");
        } else if (participants <= 2) {
            LOG.warn("{} participants tolerate no failure; an ensemble needs at least 3", participants);
        } else if (participants % 2 == 0) {
            LOG.warn("{} participants tolerate as many failures as {}; consider an odd number", participants,
                    participants - 1);
        }
    }

    /** ZooKeeper names dynamic files {@code <name>.<hex version>}; without a hex suffix the version is 0. */
    static long versionFromFileName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return 0;
        }
        try {
            return Long.parseLong(name.substring(dot + 1), 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The id in dataDir/myid, or UNSET_ID when there is no such file (a standalone server needs none). */
    static long readMyId(Path dataDir) {
        Path f = dataDir.resolve("myid");
        if (!Files.isRegularFile(f)) {
            return EnsembleConfig.UNSET_ID;
        }
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the myid file " + f + " (" + e + ")", e);
        }
        String first = text.lines().findFirst().orElse("").trim();
        try {
            long id = Long.parseLong(first);
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new ConfigException("the myid file " + f + " holds '" + first
                    + "', not a server id: it must hold this server's N from its server.N line");
        }
    }

    private static void checkDistributed(EnsembleConfig e, ConfigSource src, Path dataDir) {
        String ids = e.servers().keySet().toString();
        if (e.initLimit() == 0) {
            throw new ConfigException("initLimit is not set (" + src.name() + "): an ensemble needs it (e.g. initLimit=10)");
        }
        if (e.syncLimit() == 0) {
            throw new ConfigException("syncLimit is not set (" + src.name() + "): an ensemble needs it (e.g. syncLimit=5)");
        }
        Path myidFile = dataDir.resolve("myid");
        if (e.myId() == EnsembleConfig.UNSET_ID) {
            throw new ConfigException("the myid file " + myidFile + " is missing: the configuration lists servers "
                    + ids + ", and each server needs its own id in dataDir/myid (e.g. echo 1 > " + myidFile + ")");
        }
        if (e.self() == null) {
            throw new ConfigException("myid " + e.myId() + " (" + myidFile + ") is not among the configured servers "
                    + ids + ": add a server." + e.myId() + " line or fix the myid file");
        }
    }
}

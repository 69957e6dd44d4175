package dev.paddock.server.console;

import dev.paddock.core.config.QuorumServerSpec;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paddock.core.QuorumFigures;
import dev.paddock.core.SessionView;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Xids;
import dev.paddock.jute.data.ClientInfo;
import dev.paddock.jute.proto.WhoAmIResponse;
import dev.paddock.server.EnsembleConfig;
import dev.paddock.server.ServerView;
import dev.paddock.server.Version;
import dev.paddock.server.core.ServerClock;
import dev.paddock.server.http.HttpCall;
import dev.paddock.server.http.HttpReply;
import dev.paddock.server.metrics.Monitor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The status part of the console API: who the caller is, its watch events, the sessions with their ephemerals
 * and watches, the server's role and the ensemble's members, and the monitoring values the charts plot.
 */
final class StatusApi {
    /** Ephemerals and watches listed per session at most. */
    static final int PER_SESSION_LIMIT = 1_000;

    private final ServerView view;
    private final ConsoleSessions sessions;

    StatusApi(ServerView view, ConsoleSessions sessions) {
        this.view = view;
        this.sessions = sessions;
    }

    /** GET whoami: the caller's session and the ids the server knows it by (digest users by name only). */
    CompletableFuture<HttpReply> whoami(ConsoleSession s) {
        return s.call(OpCode.WHO_AM_I, null, ConsoleSessions.now()).thenApply(r -> {
            TreeApi.check(r, "/");
            ObjectNode o = ConsoleJson.object();
            o.put("anonymous", s.user() == null);
            o.put("user", s.user());
            o.put("sessionId", Xids.hex(s.sessionId()));
            o.put("timeoutMs", s.timeoutMs());
            boolean superUser = false;
            ArrayNode ids = o.putArray("ids");
            for (ClientInfo c : ((WhoAmIResponse) r.body()).clientInfo()) {
                ObjectNode i = ids.addObject();
                i.put("scheme", c.authScheme());
                i.put("user", c.user());
                superUser |= "super".equals(c.authScheme());
            }
            o.put("super", superUser);
            o.put("ttlEnabled", view.config().core().extendedTypesEnabled());
            return ConsoleJson.ok(o);
        });
    }

    /** GET events?since=N: the watch events the caller's session received after N (none for N = -1). */
    HttpReply events(ConsoleSession s, HttpCall call) {
        long since;
        try {
            since = call.param("since") == null ? 0 : Long.parseLong(call.param("since"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("since is not a number: " + call.param("since"));
        }
        ObjectNode o = ConsoleJson.object();
        o.put("last", s.lastEvent());
        o.put("missed", since + 1 < s.firstKept() && since < s.lastEvent());
        ArrayNode a = o.putArray("events");
        // since=-1: only where the events stand now, for a page that is about to read the tree afresh
        for (ConsoleSession.Event e : since < 0 ? List.<ConsoleSession.Event>of() : s.eventsAfter(since)) {
            ObjectNode j = a.addObject();
            j.put("seq", e.seq());
            j.put("type", eventName(e.type()));
            j.put("path", e.path());
            j.put("zxid", Xids.hex(e.zxid()));
        }
        return ConsoleJson.ok(o);
    }

    private static String eventName(int type) {
        return switch (type) {
            case 1 -> "NodeCreated";
            case 2 -> "NodeDeleted";
            case 3 -> "NodeDataChanged";
            case 4 -> "NodeChildrenChanged";
            default -> "Event" + type;
        };
    }

    /** A copy of the core's session and watch tables, taken on the core thread. */
    private record Tables(List<SessionView> sessions, Map<Long, Set<String>> watches, boolean learner) {
    }

    /** GET sessions: every session with its ephemerals and watches (as dump and wchc report them). */
    CompletableFuture<HttpReply> sessions() {
        return view.core().query(q -> new Tables(List.copyOf(q.sessions()), new TreeMap<>(q.watchesBySession()),
                        q.quorumFigures() != null && !q.quorumFigures().leading()))
                .thenApplyAsync(t -> {
                    Set<Long> console = new HashSet<>(sessions.sessionIds());
                    long now = ServerClock.elapsedMs();
                    ObjectNode o = ConsoleJson.object();
                    o.put("state", view.state());
                    if (t.learner()) {
                        o.put("note", "this member is not the leader: only the leader tracks every session; listed"
                                + " are the sessions with watches here");
                    }
                    ArrayNode list = o.putArray("sessions");
                    Set<Long> seen = new HashSet<>();
                    for (SessionView s : t.sessions()) {
                        seen.add(s.sessionId());
                        ObjectNode j = session(list, s.sessionId(), console, t.watches());
                        j.put("timeoutMs", s.timeoutMs());
                        j.put("expiresInMs", Math.max(0, s.expiresAtMs() - now));
                        j.put("connectedHere", s.connectionId() != SessionView.NO_CONNECTION);
                        putLimited(j, "ephemerals", new TreeSet<>(s.ephemerals()));
                    }
                    for (Long sid : t.watches().keySet()) {
                        if (!seen.contains(sid)) {
                            session(list, sid, console, t.watches()).put("connectedHere", true);
                        }
                    }
                    return ConsoleJson.ok(o);
                }, ConsoleSessions.worker());
    }

    private static ObjectNode session(ArrayNode list, long sid, Set<Long> console, Map<Long, Set<String>> watches) {
        ObjectNode j = list.addObject();
        j.put("sessionId", Xids.hex(sid));
        j.put("console", console.contains(sid));
        putLimited(j, "watches", watches.getOrDefault(sid, Set.of()));
        return j;
    }

    private static void putLimited(ObjectNode o, String field, Collection<String> values) {
        ArrayNode a = o.putArray(field);
        int n = 0;
        for (String v : values) {
            if (n++ == PER_SESSION_LIMIT) {
                o.put(field + "Truncated", values.size());
                break;
            }
            a.add(v);
        }
    }

    /** What the core says about itself, taken on the core thread. */
    private record Local(long zxid, QuorumFigures quorum) {
    }

    /** GET server: role, zxid and, in an ensemble, every member's mode, zxid and lag behind the leader. */
    CompletableFuture<HttpReply> server() {
        return view.core().query(q -> new Local(q.lastProcessedZxid(), q.quorumFigures()))
                .thenComposeAsync(local -> {
                    ObjectNode o = ConsoleJson.object();
                    o.put("version", Version.fullVersion());
                    o.put("state", view.state());
                    o.put("serving", view.serving());
                    o.put("zxid", Xids.hex(local.zxid()));
                    o.put("clientPort", view.boundPort());
                    o.put("ttlEnabled", view.config().core().extendedTypesEnabled());
                    EnsembleConfig e = view.config().ensemble();
                    o.put("ensemble", view.config().isEnsemble());
                    if (local.quorum() != null) {
                        o.set("quorum", ConsoleJson.MAPPER.valueToTree(local.quorum()));
                    }
                    if (!view.config().isEnsemble()) {
                        return CompletableFuture.completedFuture(ConsoleJson.ok(o));
                    }
                    o.put("myId", e.myId());
                    return members(e, local).thenApply(m -> {
                        o.set("members", m);
                        o.put("membersNote", "each member's mode and zxid come from srvr on its client port (this"
                                + " server's from itself); lag is the leader's zxid minus the member's, in"
                                + " transactions, when both are known and in the same epoch");
                        return ConsoleJson.ok(o);
                    });
                }, ConsoleSessions.worker());
    }

    private CompletableFuture<ArrayNode> members(EnsembleConfig e, Local local) {
        // the members of the configuration in force (a reconfiguration changes them)
        List<QuorumServerSpec> specs = new ArrayList<>(e.inForce(local.quorum() == null ? null
                : local.quorum().membership()).servers().values());
        List<CompletableFuture<MemberProbe.Answer>> answers = new ArrayList<>();
        for (QuorumServerSpec m : specs) {
            if (m.id() == e.myId()) {
                answers.add(CompletableFuture.completedFuture(new MemberProbe.Answer(view.state(), local.zxid(),
                        "this server")));
            } else if (m.clientPort() > 0) {
                String host = m.clientAddress() == null || m.clientAddress().equals("0.0.0.0")
                        ? m.firstAddress().host() : m.clientAddress();
                answers.add(MemberProbe.srvr(host, m.clientPort(), ConsoleSessions.worker()));
            } else {
                answers.add(CompletableFuture.completedFuture(new MemberProbe.Answer(null, null,
                        "unknown: its server line gives no client port")));
            }
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(x -> {
            Long leaderZxid = null;
            for (CompletableFuture<MemberProbe.Answer> a : answers) {
                if ("leader".equals(a.join().mode())) {
                    leaderZxid = a.join().zxid();
                }
            }
            ArrayNode out = ConsoleJson.MAPPER.createArrayNode();
            for (int i = 0; i < specs.size(); i++) {
                QuorumServerSpec m = specs.get(i);
                MemberProbe.Answer a = answers.get(i).join();
                ObjectNode j = out.addObject();
                j.put("id", m.id());
                j.put("self", m.id() == e.myId());
                j.put("type", m.isObserver() ? "observer" : "participant");
                j.put("address", m.firstAddress().quorumHostPort() + ":" + m.firstAddress().electionPort());
                j.put("clientPort", m.clientPort());
                j.put("mode", a.mode());
                j.put("zxid", a.zxid() == null ? null : Xids.hex(a.zxid()));
                if (leaderZxid != null && a.zxid() != null && Xids.epochOf(leaderZxid) == Xids.epochOf(a.zxid())) {
                    j.put("lag", Xids.counterOf(leaderZxid) - Xids.counterOf(a.zxid()));
                } else {
                    j.putNull("lag");
                }
                j.put("note", a.note());
            }
            return out;
        });
    }

    /** GET stats: mntr's values now (the page turns counters into rates). */
    CompletableFuture<HttpReply> stats() {
        return view.core().query(q -> Monitor.values(view, q)).thenApplyAsync(values -> {
            ObjectNode o = ConsoleJson.object();
            o.put("timeMs", System.currentTimeMillis());
            o.put("serving", values != null);
            o.put("state", view.state());
            if (values != null) {
                o.set("values", ConsoleJson.MAPPER.valueToTree(values));
            }
            return ConsoleJson.ok(o);
        }, ConsoleSessions.worker());
    }
}

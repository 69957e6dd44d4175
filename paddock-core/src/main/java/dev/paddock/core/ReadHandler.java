package dev.paddock.core;

import dev.paddock.core.auth.Acls;
import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.tree.TreeException;
import dev.paddock.core.watch.WatchMode;
import dev.paddock.core.watch.WatchTable;
import dev.paddock.jute.AddWatchMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.EventType;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Perms;
import dev.paddock.jute.WatcherType;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.ClientInfo;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.multi.MultiOp;
import dev.paddock.jute.multi.MultiRequest;
import dev.paddock.jute.multi.MultiResponse;
import dev.paddock.jute.multi.MultiResult;
import dev.paddock.jute.proto.AddWatchRequest;
import dev.paddock.jute.proto.CheckWatchesRequest;
import dev.paddock.jute.proto.ErrorResponse;
import dev.paddock.jute.proto.ExistsRequest;
import dev.paddock.jute.proto.ExistsResponse;
import dev.paddock.jute.proto.GetACLRequest;
import dev.paddock.jute.proto.GetACLResponse;
import dev.paddock.jute.proto.GetAllChildrenNumberRequest;
import dev.paddock.jute.proto.GetAllChildrenNumberResponse;
import dev.paddock.jute.proto.GetChildren2Request;
import dev.paddock.jute.proto.GetChildren2Response;
import dev.paddock.jute.proto.GetChildrenRequest;
import dev.paddock.jute.proto.GetChildrenResponse;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.GetEphemeralsRequest;
import dev.paddock.jute.proto.GetEphemeralsResponse;
import dev.paddock.jute.proto.RemoveWatchesRequest;
import dev.paddock.jute.proto.SetWatches;
import dev.paddock.jute.proto.SetWatches2;
import dev.paddock.jute.proto.SyncRequest;
import dev.paddock.jute.proto.SyncResponse;
import dev.paddock.jute.proto.WhoAmIResponse;
import java.util.ArrayList;
import java.util.List;

/** Answers the requests that change nothing: reads, watch management, sync, whoAmI. */
final class ReadHandler {
    /** An answer: an error code, or a body (which may be null for ops that answer with a bare header). */
    record Answer(int err, JuteRecord body) {
        static Answer of(JuteRecord body) {
            return new Answer(0, body);
        }
    }

    /** Sends an event to one connection straight away (setWatches finds changes it missed). */
    interface Notifier {
        void notify(ConnState cs, EventType type, String path, long zxid);
    }

    private final DataTree tree;
    private final WatchTable dataWatches;
    private final WatchTable childWatches;
    private final CoreConfig config;
    private final Notifier notifier;
    private CoreStats stats = CoreStats.NONE;

    ReadHandler(DataTree tree, WatchTable dataWatches, WatchTable childWatches, CoreConfig config, Notifier notifier) {
        this.tree = tree;
        this.dataWatches = dataWatches;
        this.childWatches = childWatches;
        this.config = config;
        this.notifier = notifier;
    }

    void recordInto(CoreStats stats) {
        this.stats = stats;
    }

    private static long nameLengths(java.util.Collection<String> children) {
        if (children instanceof dev.paddock.core.tree.ChildNames names) {
            return names.totalLength();
        }
        long n = 0;
        for (String c : children) {
            n += c.length();
        }
        return n;
    }

    Answer answer(OpCode op, JuteRecord body, ConnState cs) {
        try {
            return switch (op) {
                case EXISTS -> exists((ExistsRequest) body, cs);
                case GET_DATA -> Answer.of(getData((GetDataRequest) body, cs));
                case GET_CHILDREN -> Answer.of(getChildren((GetChildrenRequest) body, cs));
                case GET_CHILDREN2 -> getChildren2((GetChildren2Request) body, cs);
                case GET_ACL -> getAcl((GetACLRequest) body, cs);
                case GET_ALL_CHILDREN_NUMBER -> {
                    String path = ((GetAllChildrenNumberRequest) body).path();
                    readable(path, cs);
                    yield Answer.of(new GetAllChildrenNumberResponse(tree.allChildrenNumber(path)));
                }
                case GET_EPHEMERALS -> Answer.of(getEphemerals((GetEphemeralsRequest) body, cs));
                case SYNC -> Answer.of(new SyncResponse(((SyncRequest) body).path()));
                case PING -> Answer.of(null);
                case SET_WATCHES -> {
                    SetWatches w = (SetWatches) body;
                    setWatches(w.relativeZxid(), w.dataWatches(), w.existWatches(), w.childWatches(), null, null, cs);
                    yield Answer.of(null);
                }
                case SET_WATCHES2 -> {
                    SetWatches2 w = (SetWatches2) body;
                    setWatches(w.relativeZxid(), w.dataWatches(), w.existWatches(), w.childWatches(),
                            w.persistentWatches(), w.persistentRecursiveWatches(), cs);
                    yield Answer.of(null);
                }
                case ADD_WATCH -> addWatch((AddWatchRequest) body, cs);
                case CHECK_WATCHES -> {
                    CheckWatchesRequest r = (CheckWatchesRequest) body;
                    yield watchOp(r.path(), r.type(), cs, false);
                }
                case REMOVE_WATCHES -> {
                    RemoveWatchesRequest r = (RemoveWatchesRequest) body;
                    yield watchOp(r.path(), r.type(), cs, true);
                }
                case WHO_AM_I -> {
                    List<ClientInfo> infos = new ArrayList<>();
                    for (Id id : cs.authIds) {
                        infos.add(new ClientInfo(id.scheme(), Acls.userName(id, config.clientAuth().providers())));
                    }
                    yield Answer.of(new WhoAmIResponse(infos));
                }
                case MULTI_READ -> Answer.of(multiRead((MultiRequest) body, cs));
                default -> new Answer(ErrorCode.UNIMPLEMENTED.code, null);
            };
        } catch (TreeException e) {
            return new Answer(e.code().code, null);
        } catch (RuntimeException e) {
            // A well-framed request with nonsense inside (a null path, say): ZooKeeper answers MARSHALLINGERROR.
            return new Answer(ErrorCode.MARSHALLINGERROR.code, null);
        }
    }

    private DataNode readable(String path, ConnState cs) throws TreeException {
        DataNode n = path == null ? null : tree.get(path);
        if (n == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        checkAcl(n.acl(), Perms.READ, cs, path);
        return n;
    }

    private void checkAcl(List<ACL> acl, int perm, ConnState cs, String path) throws TreeException {
        if (!config.skipAcl() && !Acls.allowed(acl, perm, cs.authIds)) {
            throw new TreeException(ErrorCode.NOAUTH, path);
        }
    }

    private Answer exists(ExistsRequest r, ConnState cs) throws TreeException {
        String path = r.path();
        if (path == null || path.indexOf('\0') != -1) {
            throw new TreeException(ErrorCode.BADARGUMENTS, path);
        }
        DataNode n = tree.get(path);
        if (n != null) {
            checkAcl(n.acl(), Perms.READ, cs, path);
        }
        if (r.watch()) {
            dataWatches.add(path, cs.id(), WatchMode.STANDARD);
        }
        if (n == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        stats.read(path, 0);
        return Answer.of(new ExistsResponse(n.toStat()));
    }

    private GetDataResponse getData(GetDataRequest r, ConnState cs) throws TreeException {
        DataNode n = readable(r.path(), cs);
        if (r.watch()) {
            dataWatches.add(r.path(), cs.id(), WatchMode.STANDARD);
        }
        stats.read(r.path(), n.data() == null ? 0 : n.data().length);
        return new GetDataResponse(n.data(), n.toStat());
    }

    private GetChildrenResponse getChildren(GetChildrenRequest r, ConnState cs) throws TreeException {
        DataNode n = readable(r.path(), cs);
        if (r.watch()) {
            childWatches.add(r.path(), cs.id(), WatchMode.STANDARD);
        }
        List<String> children = n.children();
        stats.read(r.path(), nameLengths(children));
        return new GetChildrenResponse(children);
    }

    private Answer getChildren2(GetChildren2Request r, ConnState cs) throws TreeException {
        DataNode n = readable(r.path(), cs);
        if (r.watch()) {
            childWatches.add(r.path(), cs.id(), WatchMode.STANDARD);
        }
        List<String> children = n.children();
        stats.read(r.path(), nameLengths(children));
        return Answer.of(new GetChildren2Response(children, n.toStat()));
    }

    /** Needs READ or ADMIN; without ADMIN, digest hashes are masked (CVE-2019-0201). */
    private Answer getAcl(GetACLRequest r, ConnState cs) throws TreeException {
        DataNode n = tree.get(r.path());
        if (n == null) {
            throw new TreeException(ErrorCode.NONODE, r.path());
        }
        checkAcl(n.acl(), Perms.READ | Perms.ADMIN, cs, r.path());
        List<ACL> acl = n.acl();
        if (!config.skipAcl() && !Acls.allowed(acl, Perms.ADMIN, cs.authIds)) {
            List<ACL> masked = new ArrayList<>(acl.size());
            for (ACL a : acl) {
                masked.add("digest".equals(a.id().scheme())
                        ? new ACL(a.perms(), new Id("digest", a.id().id().replaceAll(":.*", ":x"))) : a);
            }
            acl = masked;
        }
        return Answer.of(new GetACLResponse(new ArrayList<>(acl), n.toStat()));
    }

    private GetEphemeralsResponse getEphemerals(GetEphemeralsRequest r, ConnState cs) {
        String prefix = r.prefixPath();
        List<String> out = new ArrayList<>();
        for (String p : tree.ephemerals(cs.sessionId)) {
            if (prefix == null || prefix.isBlank() || prefix.trim().equals("/") || p.startsWith(prefix)) {
                out.add(p);
            }
        }
        return new GetEphemeralsResponse(out);
    }

    private void setWatches(long relativeZxid, List<String> data, List<String> exist, List<String> child,
                            List<String> persistent, List<String> recursive, ConnState cs) {
        for (String path : nonNull(data)) {
            DataNode n = tree.get(path);
            if (n == null) {
                notifier.notify(cs, EventType.NODE_DELETED, path, -1);
            } else if (n.mzxid() > relativeZxid) {
                notifier.notify(cs, EventType.NODE_DATA_CHANGED, path, -1);
            } else {
                dataWatches.add(path, cs.id(), WatchMode.STANDARD);
            }
        }
        for (String path : nonNull(exist)) {
            if (tree.get(path) != null) {
                notifier.notify(cs, EventType.NODE_CREATED, path, -1);
            } else {
                dataWatches.add(path, cs.id(), WatchMode.STANDARD);
            }
        }
        for (String path : nonNull(child)) {
            DataNode n = tree.get(path);
            if (n == null) {
                notifier.notify(cs, EventType.NODE_DELETED, path, -1);
            } else if (n.pzxid() > relativeZxid) {
                notifier.notify(cs, EventType.NODE_CHILDREN_CHANGED, path, -1);
            } else {
                childWatches.add(path, cs.id(), WatchMode.STANDARD);
            }
        }
        for (String path : nonNull(persistent)) {
            childWatches.add(path, cs.id(), WatchMode.PERSISTENT);
            dataWatches.add(path, cs.id(), WatchMode.PERSISTENT);
        }
        for (String path : nonNull(recursive)) {
            dataWatches.add(path, cs.id(), WatchMode.RECURSIVE);
        }
    }

    private static List<String> nonNull(List<String> l) {
        return l == null ? List.of() : l;
    }

    private Answer addWatch(AddWatchRequest r, ConnState cs) {
        AddWatchMode mode = AddWatchMode.of(r.mode());
        if (mode == null || r.path() == null) {
            return new Answer(ErrorCode.MARSHALLINGERROR.code, null);
        }
        if (mode == AddWatchMode.PERSISTENT_RECURSIVE) {
            dataWatches.add(r.path(), cs.id(), WatchMode.RECURSIVE);
        } else {
            dataWatches.add(r.path(), cs.id(), WatchMode.PERSISTENT);
            childWatches.add(r.path(), cs.id(), WatchMode.PERSISTENT);
        }
        return Answer.of(new ErrorResponse(0));
    }

    private Answer watchOp(String path, int typeCode, ConnState cs, boolean remove) {
        WatcherType type = WatcherType.of(typeCode);
        if (type == null || path == null) {
            return new Answer(ErrorCode.MARSHALLINGERROR.code, null);
        }
        long c = cs.id();
        boolean found = switch (type) {
            case CHILDREN -> remove ? childWatches.remove(path, c, WatchMode.STANDARD)
                    : childWatches.contains(path, c, WatchMode.STANDARD);
            case DATA -> remove ? dataWatches.remove(path, c, WatchMode.STANDARD)
                    : dataWatches.contains(path, c, WatchMode.STANDARD);
            case PERSISTENT -> remove
                    ? childWatches.remove(path, c, WatchMode.PERSISTENT) | dataWatches.remove(path, c, WatchMode.PERSISTENT)
                    : dataWatches.contains(path, c, WatchMode.PERSISTENT);
            case PERSISTENT_RECURSIVE -> remove ? dataWatches.remove(path, c, WatchMode.RECURSIVE)
                    : dataWatches.contains(path, c, WatchMode.RECURSIVE);
            case ANY -> remove
                    ? childWatches.remove(path, c, WatchMode.ANY) | dataWatches.remove(path, c, WatchMode.ANY)
                    : childWatches.contains(path, c, WatchMode.ANY) || dataWatches.contains(path, c, WatchMode.ANY);
        };
        return found ? Answer.of(null) : new Answer(ErrorCode.NOWATCHER.code, null);
    }

    private MultiResponse multiRead(MultiRequest r, ConnState cs) {
        List<MultiResult> results = new ArrayList<>(r.ops().size());
        for (MultiOp op : r.ops()) {
            try {
                switch (op.type()) {
                    case GET_CHILDREN -> results.add(new MultiResult(OpCode.GET_CHILDREN, 0,
                            getChildren((GetChildrenRequest) op.request(), cs)));
                    case GET_DATA -> results.add(new MultiResult(OpCode.GET_DATA, 0,
                            getData((GetDataRequest) op.request(), cs)));
                    default -> results.add(MultiResult.error(ErrorCode.MARSHALLINGERROR));
                }
            } catch (TreeException e) {
                results.add(MultiResult.error(e.code()));
            }
        }
        return new MultiResponse(results);
    }
}

package dev.paddock.storage;

import dev.paddock.core.ClientConnection;
import dev.paddock.core.CoreConfig;
import dev.paddock.core.LoggedTxn;
import dev.paddock.core.ServerCore;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.multi.MultiOp;
import dev.paddock.jute.multi.MultiRequest;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.DeleteRequest;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.SetDataRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random client traffic against a ServerCore, for storage tests: several sessions, every kind of write. */
final class Workload {
    private static long nextConn = 1;

    final ServerCore core;
    final Random random;
    final List<ClientConnection> conns = new ArrayList<>();
    long now = 10_000_000;
    int xid;

    Workload(Random random, DataTree tree, Map<Long, Integer> sessions) {
        this.random = random;
        this.core = new ServerCore(new CoreConfig(0, 2000, 4000, 40000, null, true, 60_000, false), now, tree, sessions);
    }

    private ClientConnection newConn() {
        long id = nextConn++;
        return new ClientConnection() {
            @Override
            public long connectionId() {
                return id;
            }

            @Override
            public String remoteAddress() {
                return "127.0.0.1";
            }

            @Override
            public void sendConnectResponse(ConnectResponse response) {
            }

            @Override
            public void send(ReplyHeader header, JuteRecord body) {
            }

            @Override
            public void close() {
            }
        };
    }

    private String randomPath() {
        return "/n" + random.nextInt(6) + (random.nextBoolean() ? "" : "/c" + random.nextInt(4));
    }

    /** Issues one random request (or connects/closes a session). */
    void step() {
        now += random.nextInt(50);
        if (conns.isEmpty() || random.nextInt(40) == 0) {
            ClientConnection c = newConn();
            core.connect(c, new ConnectRequest(0, 0, 30000, 0, new byte[16]), now);
            conns.add(c);
            return;
        }
        ClientConnection c = conns.get(random.nextInt(conns.size()));
        if (random.nextInt(60) == 0) {
            core.request(c, new RequestHeader(++xid, OpCode.CLOSE_SESSION.code), null, now);
            conns.remove(c);
            return;
        }
        byte[] data = new byte[random.nextInt(40)];
        random.nextBytes(data);
        String path = randomPath();
        CreateMode[] modes = {CreateMode.PERSISTENT, CreateMode.EPHEMERAL, CreateMode.PERSISTENT_SEQUENTIAL,
                CreateMode.CONTAINER};
        CreateMode mode = modes[random.nextInt(modes.length)];
        CreateRequest create = new CreateRequest(path, data, DataTree.OPEN_ACL, mode.flag);
        switch (random.nextInt(5)) {
            case 0, 1 -> core.request(c, new RequestHeader(++xid, (mode.isContainer() ? OpCode.CREATE_CONTAINER
                    : OpCode.CREATE2).code), create, now);
            case 2 -> core.request(c, new RequestHeader(++xid, OpCode.SET_DATA.code),
                    new SetDataRequest(path, data, random.nextBoolean() ? -1 : random.nextInt(3)), now);
            case 3 -> core.request(c, new RequestHeader(++xid, OpCode.DELETE.code), new DeleteRequest(path, -1), now);
            default -> core.request(c, new RequestHeader(++xid, OpCode.MULTI.code), new MultiRequest(List.of(
                    new MultiOp(OpCode.CREATE, new CreateRequest(randomPath(), data, DataTree.OPEN_ACL, 0)),
                    new MultiOp(OpCode.SET_DATA, new SetDataRequest(randomPath(), data, -1)))), now);
        }
    }

    List<LoggedTxn> take() {
        return core.takeProposals();
    }
}

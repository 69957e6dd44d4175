package dev.paddock.sim;

import dev.paddock.core.ClientConnection;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.ReplyHeader;

/**
 * A simulated client's connection as the server sees it (the recording connection of the simulator): what the
 * server sends reaches the client after a network delay, each way in order; a close arrives after what was queued.
 */
final class SimClientConn implements ClientConnection {
    private final SimClient client;
    private final Simulation sim;
    final long id;
    final SimNode server;
    boolean open = true;
    private long lastToClientMs;
    private long lastToServerMs;

    SimClientConn(SimClient client, Simulation sim, long id, SimNode server) {
        this.client = client;
        this.sim = sim;
        this.id = id;
        this.server = server;
    }

    @Override
    public long connectionId() {
        return id;
    }

    @Override
    public String remoteAddress() {
        return "10.0.0." + client.clientId % 250;
    }

    @Override
    public void sendConnectResponse(ConnectResponse response) {
        toClient(() -> client.onConnectResponse(this, response));
    }

    @Override
    public void send(ReplyHeader header, JuteRecord body) {
        toClient(() -> client.onReply(this, header, body));
    }

    @Override
    public void close() {
        if (open) {
            server.forgetClient(this);
            toClient(() -> client.onClosed(this)); // queued while still open: it follows what was sent before
            open = false;
        }
    }

    /** The server process died: the client notices after a network delay. */
    void serverGone() {
        if (open) {
            open = false;
            sim.loop().after(sim.net().delayMs(), () -> client.onClosed(this));
        }
    }

    private void toClient(Runnable r) {
        if (!open) {
            return;
        }
        long at = Math.max(sim.nowMs() + sim.net().delayMs(), lastToClientMs);
        lastToClientMs = at;
        sim.loop().at(at, r);
    }

    void toServer(Runnable r) {
        if (client.direct) {
            r.run();
            return;
        }
        long at = Math.max(sim.nowMs() + sim.net().delayMs(), lastToServerMs);
        lastToServerMs = at;
        sim.loop().at(at, () -> {
            if (open) {
                r.run();
            }
        });
    }
}

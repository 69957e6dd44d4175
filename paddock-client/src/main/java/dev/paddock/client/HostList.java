package dev.paddock.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The servers a client may connect to, tried in turn, and the rebalancing that follows a new server list
 * ({@link #update}), with ZooKeeper's rules (ZOOKEEPER-1355): a client whose server stays is moved with just the
 * probability that spreads the clients evenly over a larger list; a client whose server left always moves, to a new
 * server or an old one in the proportion that keeps the load even. While such a move is pending ("reconfig mode")
 * {@link #next()} picks among new and old servers with those probabilities, then falls back to the plain round.
 * All randomness comes from the {@link Random} given, so a seeded one makes the choices repeatable.
 */
final class HostList {
    private final Random random;
    private final boolean shuffle;
    private List<InetSocketAddress> servers;
    private int current = -1;
    private int last = -1;

    private boolean reconfigMode;
    private final List<InetSocketAddress> oldServers = new ArrayList<>();
    private final List<InetSocketAddress> newServers = new ArrayList<>();
    private int nextOld = -1;
    private int nextNew = -1;
    private float probNew;

    HostList(Collection<InetSocketAddress> servers, Random random, boolean shuffle) {
        this.random = random;
        this.shuffle = shuffle;
        this.servers = ordered(servers);
    }

    private List<InetSocketAddress> ordered(Collection<InetSocketAddress> given) {
        if (given.isEmpty()) {
            throw new IllegalArgumentException("A HostProvider may not be empty!");
        }
        List<InetSocketAddress> l = new ArrayList<>(given);
        if (shuffle) {
            Collections.shuffle(l, random);
        }
        return l;
    }

    synchronized int size() {
        return servers.size();
    }

    synchronized List<InetSocketAddress> servers() {
        return List.copyOf(servers);
    }

    /** Whether a rebalancing move is pending. */
    synchronized boolean inReconfigMode() {
        return reconfigMode;
    }

    /** The server to try next. */
    synchronized InetSocketAddress next() {
        if (reconfigMode) {
            InetSocketAddress a = nextForMove();
            if (a != null) {
                current = servers.indexOf(a);
                return a;
            }
            reconfigMode = false; // every candidate was tried: back to the plain round
        }
        current = (current + 1) % servers.size();
        if (last == -1) {
            last = 0;
        }
        return servers.get(current);
    }

    private InetSocketAddress nextForMove() {
        boolean takeNew = random.nextFloat() <= probNew;
        if (nextNew + 1 < newServers.size() && (takeNew || nextOld + 1 >= oldServers.size())) {
            return newServers.get(++nextNew);
        }
        if (nextOld + 1 < oldServers.size()) {
            return oldServers.get(++nextOld);
        }
        return null;
    }

    /** The last {@link #next()} connected. */
    synchronized void onConnected() {
        last = current;
        reconfigMode = false;
    }

    /**
     * Replaces the list; returns true when this client should leave {@code connectedTo} (null when not connected)
     * so that the load stays even, after which {@link #next()} picks its new server.
     */
    synchronized boolean update(Collection<InetSocketAddress> given, InetSocketAddress connectedTo) {
        List<InetSocketAddress> fresh = ordered(given);
        InetSocketAddress mine = reconfigMode ? next() : connectedTo;
        if (mine == null) {
            mine = servers.get(Math.max(last, 0));
        }
        boolean mineStays = false;
        for (InetSocketAddress a : fresh) {
            if (sameServer(a, mine)) {
                mineStays = true;
                break;
            }
        }
        oldServers.clear();
        newServers.clear();
        for (InetSocketAddress a : fresh) {
            (servers.contains(a) ? oldServers : newServers).add(a);
        }
        int before = servers.size();
        int after = fresh.size();
        int kept = oldServers.size();
        reconfigMode = true;
        if (after > before) {
            // more servers: a staying client moves with probability 1 - before/after, always to a new server
            if (!mineStays || random.nextFloat() <= 1 - ((float) before) / after) {
                probNew = 1;
            } else {
                reconfigMode = false;
            }
        } else if (mineStays) {
            reconfigMode = false; // as many or fewer servers: the load on mine only grows
        } else {
            float probOld = ((float) (kept * (before - after))) / (after * (before - kept));
            probNew = 1 - probOld;
        }
        current = reconfigMode ? -1 : fresh.indexOf(currentServer());
        servers = fresh;
        nextOld = -1;
        nextNew = -1;
        last = current;
        return reconfigMode;
    }

    private InetSocketAddress currentServer() {
        return current >= 0 && current < servers.size() ? servers.get(current) : null;
    }

    /** Same port, and the same address once resolved or the same host string. */
    static boolean sameServer(InetSocketAddress a, InetSocketAddress b) {
        if (a.getPort() != b.getPort()) {
            return false;
        }
        if (a.getAddress() != null && b.getAddress() != null && a.getAddress().equals(b.getAddress())) {
            return true;
        }
        return a.getHostString().equals(b.getHostString());
    }
}

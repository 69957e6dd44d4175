package dev.paddock.faults.workload;

import dev.paddock.client.PaddockClient;
import dev.paddock.faults.history.FinalState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what each server holds once the run is over: for each server in turn a session connected to it alone,
 * {@code sync("/")} so it has caught up with the leader, then the whole tree ({@link TreeSnapshot}). A server that
 * cannot be read within the timeout is listed as unreachable (its id in decimal).
 */
final class FinalReader {
    private static final Logger LOG = LoggerFactory.getLogger(FinalReader.class);

    private final WorkloadOptions opts;

    FinalReader(WorkloadOptions opts) {
        this.opts = opts;
    }

    FinalState read(Map<Integer, String> perServerConnect, Duration timeout) throws InterruptedException {
        Map<Integer, String> digests = new TreeMap<>();
        Map<Integer, Map<String, Long>> setItems = new TreeMap<>();
        Map<Integer, Map<String, Long>> ephemerals = new TreeMap<>();
        Map<Integer, Map<String, Integer>> registers = new TreeMap<>();
        Map<String, Integer> watched = new TreeMap<>();
        List<String> unreachable = new ArrayList<>();
        for (Map.Entry<Integer, String> e : new TreeMap<>(perServerConnect).entrySet()) {
            int id = e.getKey();
            TreeSnapshot t = readOne(id, e.getValue(), timeout);
            if (t == null) {
                unreachable.add(Integer.toString(id));
                continue;
            }
            digests.put(id, t.digest());
            Map<String, Long> items = new LinkedHashMap<>();
            t.children(opts.setPath()).forEach((name, n) -> items.put(name, RunContext.parse(n.data())));
            setItems.put(id, items);
            Map<String, Long> eph = new LinkedHashMap<>();
            t.children(opts.ephPath()).forEach((name, n) -> eph.put(opts.ephPath() + "/" + name,
                    n.stat().ephemeralOwner()));
            ephemerals.put(id, eph);
            Map<String, Integer> regs = new LinkedHashMap<>();
            t.children(opts.regPath()).forEach((name, n) -> regs.put(opts.regPath() + "/" + name,
                    n.stat().version()));
            registers.put(id, regs);
            if (watched.isEmpty()) {
                t.children(opts.watchPath()).forEach((name, n) -> watched.put(opts.watchPath() + "/" + name,
                        n.stat().version()));
            }
        }
        return new FinalState(digests, setItems, ephemerals, registers, watched, unreachable);
    }

    private TreeSnapshot readOne(int id, String connect, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        PaddockClient c = null;
        try {
            c = PaddockClient.builder(connect).sessionTimeout(Math.max(opts.sessionTimeoutMs(), 4000))
                    .reconnectDelayMs(200).build();
            if (!c.awaitConnected(timeout)) {
                LOG.warn("final read: server {} ({}) did not accept a session in {} ms", id, connect,
                        timeout.toMillis());
                return null;
            }
            TreeSnapshot.get(c.syncAsync("/"), deadline);
            TreeSnapshot t = TreeSnapshot.read(c, deadline);
            LOG.info("final read: server {} holds {} nodes", id, t.nodes().size());
            return t;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("final read: server {} ({}) could not be read: {}", id, connect, e.toString());
            return null;
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }
}

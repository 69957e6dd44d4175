package dev.paddock.server.admin;

import dev.paddock.core.CoreNode;
import dev.paddock.server.AdminSettings;
import dev.paddock.server.fourlw.ServerFigures;
import dev.paddock.server.http.HttpCall;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper 3.9's snapshot and restore commands. Both need ALL on "/" (checked by {@link AdminCommands} before they
 * run), then their {@code admin.*.enabled} switch (503 when off), then the rate limiter (429).
 *
 * <p>snapshot serializes the tree on the core thread in ZooKeeper's snapshot file format ({@link ZkSnapshotFile})
 * and streams it ({@code ?streaming=false}: only the headers), with ZooKeeper's {@code last_zxid} and
 * {@code snapshot_size} headers. restore reads and verifies the posted snapshot (ZooKeeper's format, its checksums)
 * and has the {@link Restorer} put it in place; an ensemble member has none and answers 503 saying so.
 */
final class SnapshotCommands {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCommands.class);
    private static final long CORE_TIMEOUT_MS = 60_000;

    static final String HEADER_LAST_ZXID = "last_zxid";
    static final String HEADER_SNAPSHOT_SIZE = "snapshot_size";
    static final AdminAuth.Request ALL_ON_ROOT = new AdminAuth.Request(31, "/");

    private final ServerFigures figures;
    private final Restorer restorer;
    private final AdminSettings settings;
    private final RateLimiter snapshotLimiter;
    private final RateLimiter restoreLimiter;

    /** @param restorer how this server restores a snapshot; null where it cannot (an ensemble member) */
    SnapshotCommands(ServerFigures figures, Restorer restorer) {
        this.figures = figures;
        this.restorer = restorer;
        this.settings = figures.view().config().admin();
        // ZooKeeper 3.9.3 builds the snapshot limiter with the interval in microseconds: 300000 -> 300 ms
        this.snapshotLimiter = new RateLimiter(settings.rateLimiterIntervalMs() / 1000);
        this.restoreLimiter = new RateLimiter(settings.rateLimiterIntervalMs());
    }

    List<AdminCommand> commands() {
        return List.of(
                new AdminCommand(List.of("snapshot", "snap"), false, true, ALL_ON_ROOT, this::snapshot),
                new AdminCommand(List.of("restore", "rest"), true, true, ALL_ON_ROOT, this::restore));
    }

    /** The switch (503 when off), then the rate limit (429), as ZooKeeper checks them; null when both pass. */
    private static AdminAnswer gate(String name, boolean enabled, String key, RateLimiter limiter) {
        if (!enabled) {
            LOG.warn("Admin command {} refused: {} is false", name, key);
            return AdminAnswer.of(name).status(503);
        }
        if (!limiter.allow()) {
            LOG.warn("Admin command {} rate limited (admin.rateLimiterIntervalInMS)", name);
            return AdminAnswer.of(name).status(429);
        }
        return null;
    }

    private CompletableFuture<AdminAnswer> snapshot(String name, HttpCall call) {
        AdminAnswer refused = gate(name, settings.snapshotEnabled(), "admin.snapshot.enabled", snapshotLimiter);
        if (refused != null) {
            return refused.done();
        }
        String s = call.param("streaming");
        boolean streaming = s == null || Boolean.parseBoolean(s);
        CompletableFuture<Taken> taken = new CompletableFuture<>();
        figures.view().core().run("admin snapshot", (core, now) -> {
            try {
                taken.complete(take(core));
            } catch (RuntimeException e) {
                taken.completeExceptionally(e);
            }
        });
        return taken.orTimeout(CORE_TIMEOUT_MS, TimeUnit.MILLISECONDS).handle((snap, error) -> {
            if (error != null) {
                LOG.warn("Snapshot command failed: {}", error.toString());
                return AdminAnswer.error(name, "snapshot failed: " + error.getMessage(), 500);
            }
            LOG.info("Snapshot command: {} bytes at zxid 0x{}{}", snap.bytes().length, Long.toHexString(snap.zxid()),
                    streaming ? ", streamed" : "");
            AdminAnswer a = AdminAnswer.of(name).header(HEADER_LAST_ZXID, "0x" + Long.toHexString(snap.zxid()))
                    .header(HEADER_SNAPSHOT_SIZE, Integer.toString(snap.bytes().length));
            return streaming ? a.stream(snap.bytes()) : a;
        });
    }

    private record Taken(byte[] bytes, long zxid) {
    }

    /** Core thread: the whole tree, consistent at the last applied zxid. */
    private static Taken take(CoreNode core) {
        long zxid = core.lastProcessedZxid();
        return new Taken(ZkSnapshotFile.write(core.tree(), core.sessionTimeouts(), zxid), zxid);
    }

    private CompletableFuture<AdminAnswer> restore(String name, HttpCall call) {
        AdminAnswer refused = gate(name, settings.restoreEnabled(), "admin.restore.enabled", restoreLimiter);
        if (refused != null) {
            return refused.done();
        }
        if (call.body().length == 0) {
            return AdminAnswer.error(name, "restore needs a ZooKeeper snapshot as the request body", 400).done();
        }
        ZkSnapshotFile.Contents contents;
        try {
            contents = ZkSnapshotFile.read(call.body());
        } catch (IllegalArgumentException e) {
            LOG.warn("Restore command: {}", e.getMessage());
            return AdminAnswer.error(name, e.getMessage(), 500).done();
        }
        if (restorer == null) {
            String why = "restore is not supported on an ensemble member (the snapshot, zxid 0x"
                    + Long.toHexString(contents.lastZxid()) + ", is valid but was not applied)";
            LOG.warn("Restore command: {}", why);
            return AdminAnswer.error(name, why, 503).done();
        }
        long zxid = contents.lastZxid();
        return restorer.restore(contents.snapshot(), zxid).orTimeout(CORE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .handle((ok, error) -> {
                    if (error != null) {
                        LOG.warn("Restore command failed: {}", error.toString());
                        return AdminAnswer.error(name, "restore failed: " + error.getMessage(), 500);
                    }
                    return AdminAnswer.of(name).put("last_zxid", zxid);
                });
    }
}

package dev.paddock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.CreateTTLRequest;
import dev.paddock.jute.proto.SetDataRequest;
import org.junit.jupiter.api.Test;

/**
 * The core's wall clock jumps an hour either way while its elapsed clock runs on: sessions expire on the elapsed
 * clock exactly as without the jump, and only the stamps of transactions (ctime, mtime) follow the wall clock.
 */
class WallClockJumpTest {
    private static final long HOUR = 3_600_000;
    private static final long WALL_BASE = 1_700_000_000_000L;

    /** How far the wall clock is from "elapsed + base"; the test moves it as {@code date -s} would. */
    private long wallOffset;
    private final CoreHarness h = new CoreHarness(new CoreConfig(0, 2000, 4000, 40000, null, true, 1000, false,
            elapsed -> WALL_BASE + elapsed + wallOffset));

    private static CreateRequest create(String path) {
        return new CreateRequest(path, new byte[0], DataTree.OPEN_ACL, CreateMode.PERSISTENT.flag);
    }

    private boolean alive(long sessionId) {
        return h.core.sessions().stream().anyMatch(s -> s.sessionId() == sessionId);
    }

    private long wallNow() {
        return WALL_BASE + h.now + wallOffset;
    }

    /** Half-second ticks; the {@code busy} connection pings at every one, so only idle sessions age. */
    private void run(long ms, FakeConnection busy) {
        for (long t = 0; t < ms; t += 500) {
            h.advance(500);
            if (busy != null) {
                h.call(busy, 100, OpCode.PING, null);
            }
        }
    }

    private void idleSessionExpiresOnTimeAcrossAJumpOf(long jumpMs) {
        FakeConnection busy = h.connect(10_000);
        FakeConnection idle = h.connect(10_000);
        long busyId = h.sessionOf(busy);
        long idleId = h.sessionOf(idle);
        run(3_000, busy);

        wallOffset += jumpMs;
        run(6_000, busy);
        assertThat(alive(idleId)).as("idle for 9 s of a 10 s timeout: a wall jump must not expire it").isTrue();
        assertThat(alive(busyId)).isTrue();

        run(4_000, busy); // idle for 13 s: past 10 s rounded up to the 2 s tick
        assertThat(alive(idleId)).as("the idle session still expires on time").isFalse();
        assertThat(alive(busyId)).as("a session heard from all along").isTrue();
    }

    @Test
    void aJumpForwardExpiresNoSessionEarly() {
        idleSessionExpiresOnTimeAcrossAJumpOf(HOUR);
    }

    @Test
    void aJumpBackwardDoesNotFreezeExpiry() {
        idleSessionExpiresOnTimeAcrossAJumpOf(-HOUR);
    }

    @Test
    void ctimeAndMtimeFollowTheJumpedWallClock() {
        FakeConnection c = h.connect(10_000);
        long created = wallNow();
        h.call(c, 1, OpCode.CREATE, create("/a"));

        wallOffset += HOUR;
        h.advance(500);
        h.call(c, 2, OpCode.SET_DATA, new SetDataRequest("/a", new byte[] {1}, -1));
        DataNode a = h.core.tree().get("/a");
        assertThat(a.ctime()).isEqualTo(created);
        assertThat(a.mtime()).as("stamped after the +1 h jump").isEqualTo(wallNow()).isGreaterThan(created + HOUR);

        wallOffset -= 2 * HOUR;
        h.advance(500);
        long before = wallNow();
        h.call(c, 3, OpCode.CREATE, create("/b"));
        DataNode b = h.core.tree().get("/b");
        assertThat(b.ctime()).as("stamped after the -1 h jump: earlier than /a, as in ZooKeeper")
                .isEqualTo(before).isLessThan(created);
        assertThat(b.mtime()).isEqualTo(b.ctime());
    }

    @Test
    void aTtlNodeAgesOnTheWallClockAsInZooKeeper() {
        FakeConnection c = h.connect(10_000);
        h.call(c, 1, OpCode.CREATE_TTL, new CreateTTLRequest("/t", new byte[0], DataTree.OPEN_ACL,
                CreateMode.PERSISTENT_WITH_TTL.flag, 60_000));
        run(2_000, c);
        assertThat(h.core.tree().get("/t")).as("a minute-long TTL, 2 s old").isNotNull();

        wallOffset += HOUR; // its mtime is a wall stamp, so by the wall clock it is an hour old now
        run(2_000, c);
        assertThat(h.core.tree().get("/t")).isNull();
    }
}

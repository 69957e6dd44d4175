package dev.paddock.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hold on quorum packets, on a fake clock: packets are stamped when queued and a single writer, as in
 * QuorumConnection, takes them in order and waits for each stamp.
 */
class QuorumSendDelayTest {
    @TempDir
    Path tmp;

    private final FakeTime time = new FakeTime();

    private record Sent(String name, long due) {
    }

    private record Released(String name, long atMs) {
    }

    private QuorumSendDelay delay(String text, long... draws) throws IOException {
        Path f = tmp.resolve("faults.properties");
        Files.writeString(f, text);
        return new QuorumSendDelay(time.control(f, draws));
    }

    /** What QuorumConnection's writer does with its queue. */
    private List<Released> drain(QuorumSendDelay d, Deque<Sent> queue) throws InterruptedException {
        List<Released> out = new ArrayList<>();
        while (!queue.isEmpty()) {
            Sent s = queue.poll();
            if (d.holds(s.due())) {
                d.await(s.due(), () -> true);
            }
            out.add(new Released(s.name(), time.nowMs()));
        }
        return out;
    }

    @Test
    void eachPacketIsHeldDelayPlusItsJitterDraw() throws Exception {
        QuorumSendDelay d = delay("quorum.delayMs=50\nquorum.jitterMs=40\n", 30);
        long t0 = time.nowMs();
        Deque<Sent> q = new ArrayDeque<>(List.of(new Sent("a", d.dueAt())));
        assertThat(drain(d, q)).containsExactly(new Released("a", t0 + 80));
        assertThat(time.sleeps).allMatch(ms -> ms > 0 && ms <= QuorumSendDelay.SLICE_MS);
        assertThat(time.sleeps.stream().mapToLong(Long::longValue).sum()).isEqualTo(80);
    }

    @Test
    void aShorterDrawNeverOvertakesAnEarlierPacket() throws Exception {
        QuorumSendDelay d = delay("quorum.delayMs=50\nquorum.jitterMs=40\n", 30, 0, 10);
        long t0 = time.nowMs();
        Deque<Sent> q = new ArrayDeque<>();
        q.add(new Sent("a", d.dueAt())); // due t0+80
        time.advanceMs(1);
        q.add(new Sent("b", d.dueAt())); // due t0+51
        time.advanceMs(1);
        q.add(new Sent("c", d.dueAt())); // due t0+62
        assertThat(drain(d, q)).containsExactly(new Released("a", t0 + 80), new Released("b", t0 + 80),
                new Released("c", t0 + 80));
    }

    @Test
    void packetsQueuedLaterLeaveLater() throws Exception {
        QuorumSendDelay d = delay("quorum.delayMs=50\n");
        long t0 = time.nowMs();
        Deque<Sent> q = new ArrayDeque<>();
        q.add(new Sent("a", d.dueAt()));
        List<Released> first = drain(d, q);
        time.advanceMs(100);
        q.add(new Sent("b", d.dueAt()));
        List<Released> second = drain(d, q);
        assertThat(first).containsExactly(new Released("a", t0 + 50));
        assertThat(second).containsExactly(new Released("b", t0 + 200));
    }

    @Test
    void withoutQuorumFaultsNothingIsHeld() throws Exception {
        QuorumSendDelay d = delay("disk.delayMs=10\n");
        long due = d.dueAt();
        assertThat(d.holds(due)).isFalse();
        d.await(due, () -> true);
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void aClosedConnectionStopsWaitingAtTheNextSlice() throws Exception {
        QuorumSendDelay d = delay("quorum.delayMs=1000\n");
        long due = d.dueAt();
        int[] checks = {0};
        d.await(due, () -> checks[0]++ < 2);
        assertThat(time.sleeps).containsExactly(QuorumSendDelay.SLICE_MS, QuorumSendDelay.SLICE_MS);
        assertThat(d.holds(due)).isTrue();
    }
}

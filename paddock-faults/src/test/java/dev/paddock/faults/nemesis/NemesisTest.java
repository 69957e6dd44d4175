package dev.paddock.faults.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.faults.run.RunClock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NemesisTest {

    @Test
    void samePlanFromTheSameSeedAndADifferentOneFromAnother() {
        List<Integer> servers = List.of(1, 2, 3, 4, 5);
        List<Fault> a = Nemesis.plan(42, EnumSet.allOf(FaultKind.class), servers, 60_000, 2000);
        List<Fault> b = Nemesis.plan(42, EnumSet.allOf(FaultKind.class), servers, 60_000, 2000);
        List<Fault> c = Nemesis.plan(43, EnumSet.allOf(FaultKind.class), servers, 60_000, 2000);
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(a).hasSizeGreaterThan(8);
        assertThat(a).allSatisfy(f -> assertThat(f.atMillis()).isLessThan(60_000));
        // one at a time: each fault starts after the previous one was healed
        for (int i = 1; i < a.size(); i++) {
            assertThat(a.get(i).atMillis()).isGreaterThan(a.get(i - 1).atMillis() + a.get(i - 1).holdMillis());
        }
    }

    @Test
    void pausesOutlastTheSessionTimeoutAndOnlyChosenKindsArePlanned() {
        List<Fault> plan = Nemesis.plan(7, EnumSet.of(FaultKind.PAUSE, FaultKind.KILL), List.of(1, 2, 3), 120_000, 2000);
        assertThat(plan).extracting(Fault::kind).containsOnly(FaultKind.PAUSE, FaultKind.KILL);
        assertThat(plan).filteredOn(f -> f.kind() == FaultKind.PAUSE)
                .isNotEmpty().allSatisfy(f -> assertThat(f.holdMillis()).isGreaterThan(2000));
        assertThat(Nemesis.plan(7, Set.of(), List.of(1, 2, 3), 120_000, 2000)).isEmpty();
    }

    @Test
    void partitionShapes() {
        List<Integer> o = List.of(2, 5, 1, 4, 3);
        assertThat(Fault.links("isolate", o)).hasSize(8).allSatisfy(l -> assertThat(l.from() == 2 || l.to() == 2).isTrue());
        // halves [2,5] | [1,4,3]: 2×3 pairs, both ways
        assertThat(Fault.links("halves", o)).hasSize(12).doesNotContain(new FaultTarget.Link(2, 5));
        // bridge 2 between [5,1] and [4,3]: 2 talks to all
        assertThat(Fault.links("bridge", o)).hasSize(8).noneMatch(l -> l.from() == 2 || l.to() == 2);
        // ring 2-5-1-4-3-2: each server keeps its two neighbours, loses the other two
        assertThat(Fault.links("ring", o)).hasSize(10).contains(new FaultTarget.Link(2, 1))
                .doesNotContain(new FaultTarget.Link(2, 5), new FaultTarget.Link(2, 3));
        assertThat(Fault.links("one-way", o)).hasSize(4).allSatisfy(l -> assertThat(l.from()).isEqualTo(2));
        assertThatThrownBy(() -> Fault.links("moat", o)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLeaderIsResolvedWhenTheFaultStarts() {
        Fault f = new Fault(0, 10, FaultKind.KILL, "", List.of(1, 2, 3), true, 0, 0);
        assertThat(f.resolve(Optional.of(3))).containsExactly(3, 1, 2);
        assertThat(f.resolve(Optional.empty())).containsExactly(1, 2, 3);
        Fault g = new Fault(0, 10, FaultKind.KILL, "", List.of(1, 2, 3), false, 0, 0);
        assertThat(g.resolve(Optional.of(3))).containsExactly(1, 2, 3);
    }

    @Test
    void everyInjectedFaultIsHealedAndTimedInTheTimeline() throws InterruptedException {
        Recording target = new Recording();
        List<Fault> plan = List.of(
                new Fault(0, 5, FaultKind.KILL, "", List.of(1, 2, 3), true, 0, 0),
                new Fault(10, 5, FaultKind.PARTITION, "isolate", List.of(2, 1, 3), false, 0, 0),
                new Fault(20, 5, FaultKind.PAUSE, "", List.of(3, 1, 2), false, 0, 0),
                new Fault(30, 5, FaultKind.DELAY, "all", List.of(3, 1, 2), false, 40, 10),
                new Fault(40, 5, FaultKind.CLOCK, "", List.of(1, 2, 3), false, -60_000, 0));
        Nemesis n = new Nemesis(target, new RunClock());
        n.run(plan);
        assertThat(target.calls).containsSubsequence("kill 2", "restart 2", "block 2>1", "heal", "pause 3",
                "resume 3", "hooks 3 0/40/10", "hooks 3 0/0/0", "clock 1 -60000");
        assertThat(target.calls).doesNotContain("clock-reset 1");
        n.healAll();
        assertThat(target.calls).endsWith("clock-reset 1");
        assertThat(n.events()).extracting(FaultEvent::kind).containsExactly("kill", "partition", "pause", "delay", "clock");
        assertThat(n.events()).allSatisfy(e -> assertThat(e.endNanos()).isGreaterThanOrEqualTo(e.startNanos()));
        assertThat(n.events().get(0).description()).isEqualTo("kill -9 2 (leader)");
    }

    /** Records what it is told; server 2 leads. */
    private static final class Recording implements FaultTarget {
        final List<String> calls = new ArrayList<>();

        @Override public List<Integer> servers() { return List.of(1, 2, 3); }
        @Override public Optional<Integer> leader() { return Optional.of(2); }
        @Override public void block(Link l, boolean q) { calls.add("block " + l.from() + ">" + l.to()); }
        @Override public void loss(int s, double p) { calls.add("loss " + s); }
        @Override public void healNetwork() { calls.add("heal"); }
        @Override public void kill(int s) { calls.add("kill " + s); }
        @Override public void restart(int s) { calls.add("restart " + s); }
        @Override public void pause(int s) { calls.add("pause " + s); }
        @Override public void resume(int s) { calls.add("resume " + s); }
        @Override public void clockJump(int s, long ms) { calls.add("clock " + s + " " + ms); }
        @Override public void clockReset(int s) { calls.add("clock-reset " + s); }
        @Override public void fillDisk(int s) { calls.add("fill " + s); }
        @Override public void freeDisk(int s) { calls.add("free " + s); }
        @Override public void hooks(int s, int d, int q, int j) { calls.add("hooks " + s + " " + d + "/" + q + "/" + j); }
    }
}

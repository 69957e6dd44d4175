package dev.paddock.core.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WatchTableTest {
    private final WatchTable table = new WatchTable();

    @Test
    void oneShotFiresOnceWhilePersistentStays() {
        table.add("/a", 1, WatchMode.STANDARD);
        table.add("/a", 2, WatchMode.PERSISTENT);
        table.add("/a", 3, WatchMode.STANDARD);
        table.add("/a", 3, WatchMode.PERSISTENT);

        assertThat(table.trigger("/a", null)).containsExactly(1L, 2L, 3L);
        assertThat(table.contains("/a", 1, WatchMode.ANY)).isFalse();
        assertThat(table.contains("/a", 3, WatchMode.STANDARD)).isFalse();
        assertThat(table.contains("/a", 3, WatchMode.PERSISTENT)).isTrue();
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.trigger("/a", null)).containsExactly(2L, 3L);
        assertThat(table.trigger("/b", null)).isEmpty();
    }

    @Test
    void suppressedConnectionsAreLeftOut() {
        table.add("/a", 1, WatchMode.STANDARD);
        table.add("/a", 2, WatchMode.STANDARD);
        assertThat(table.trigger("/a", Set.of(1L))).containsExactly(2L);
        assertThat(table.size()).isZero();
    }

    @Test
    void recursiveWatchesReachDescendantsNearestFirstAndAreCounted() {
        table.add("/", 2, WatchMode.RECURSIVE);
        table.add("/a", 1, WatchMode.RECURSIVE);
        table.add("/a/b/c", 3, WatchMode.PERSISTENT);

        assertThat(table.trigger("/a/b/c", null)).containsExactly(3L, 1L, 2L);
        assertThat(table.trigger("/a", null)).containsExactly(1L, 2L);
        assertThat(table.trigger("/ab", null)).containsExactly(2L);
        assertThat(table.trigger("/", null)).containsExactly(2L);

        assertThat(table.remove("/", 2, WatchMode.RECURSIVE)).isTrue();
        assertThat(table.trigger("/ab/c", null)).isEmpty();
        assertThat(table.trigger("/a/x", null)).containsExactly(1L);
        table.removeConnection(1);
        assertThat(table.trigger("/a/x", null)).isEmpty();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void removeTakesOnlyTheGivenModes() {
        table.add("/a", 1, WatchMode.STANDARD | WatchMode.RECURSIVE);
        assertThat(table.remove("/a", 1, WatchMode.PERSISTENT)).isFalse();
        assertThat(table.remove("/a", 9, WatchMode.ANY)).isFalse();
        table.add(null, 1, WatchMode.STANDARD);
        assertThat(table.contains(null, 1, WatchMode.ANY)).isFalse();
        assertThat(table.remove(null, 1, WatchMode.ANY)).isFalse();
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.remove("/a", 1, WatchMode.STANDARD)).isTrue();
        assertThat(table.contains("/a", 1, WatchMode.RECURSIVE)).isTrue();
        assertThat(table.trigger("/a/b", null)).containsExactly(1L);
        assertThat(table.remove("/a", 1, WatchMode.ANY)).isTrue();
        assertThat(table.size()).isZero();
        assertThat(table.slotOf(1)).isEqualTo(-1);
        assertThat(table.trigger("/a/b", null)).isEmpty();
    }

    @Test
    void slotIsFreedOnlyWithTheLastWatchAndThenReused() {
        table.add("/a", 10, WatchMode.STANDARD);
        table.add("/b", 10, WatchMode.STANDARD);
        table.add("/a", 11, WatchMode.STANDARD);
        int slot10 = table.slotOf(10);

        table.trigger("/a", null);
        assertThat(table.slotOf(10)).isEqualTo(slot10);
        table.add("/c", 12, WatchMode.STANDARD);
        assertThat(table.slotOf(12)).isNotEqualTo(slot10);

        table.removeConnection(10);
        assertThat(table.slotOf(10)).isEqualTo(-1);
        table.add("/b", 13, WatchMode.PERSISTENT);
        assertThat(table.slotOf(13)).isEqualTo(slot10);
        assertThat(table.trigger("/b", null)).containsExactly(13L);
        assertThat(table.trigger("/c", null)).containsExactly(12L);
        assertThat(table.byConnection()).isEqualTo(Map.of(13L, Set.of("/b")));
    }

    @Test
    void reverseIndexStaysBoundedOverManyAddAndFireCycles() {
        for (int i = 0; i < 10; i++) {
            table.add("/keep" + i, 1, WatchMode.PERSISTENT);
        }
        table.add("/shared", 2, WatchMode.PERSISTENT);
        for (int round = 0; round < 10_000; round++) {
            table.add(new String("/x"), 1, WatchMode.STANDARD);
            table.add("/shared", 1, WatchMode.STANDARD);
            assertThat(table.indexLength(1)).isLessThanOrEqualTo(2 * 12 + 1);
            assertThat(table.trigger("/x", null)).containsExactly(1L);
            assertThat(table.remove("/shared", 1, WatchMode.STANDARD)).isTrue();
        }
        assertThat(table.size()).isEqualTo(11);
        assertThat(table.byConnection().get(1L)).hasSize(10);
        table.removeConnection(1);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.byPath()).isEqualTo(Map.of("/shared", Map.of(2L, WatchMode.PERSISTENT)));
    }

    @Test
    void viewsAreCopiesOfPathsConnectionsAndModes() {
        table.add("/a", 1, WatchMode.STANDARD);
        table.add("/a", 1, WatchMode.PERSISTENT);
        table.add("/a", 2, WatchMode.RECURSIVE);
        table.add("/b", 1, WatchMode.STANDARD);

        Map<String, Map<Long, Integer>> byPath = table.byPath();
        Map<Long, Set<String>> byConn = table.byConnection();
        assertThat(byPath).isEqualTo(Map.of("/a", Map.of(1L, WatchMode.STANDARD | WatchMode.PERSISTENT,
                2L, WatchMode.RECURSIVE), "/b", Map.of(1L, WatchMode.STANDARD)));
        assertThat(byConn).isEqualTo(Map.of(1L, Set.of("/a", "/b"), 2L, Set.of("/a")));
        table.removeConnection(1);
        assertThat(byConn.get(1L)).containsExactlyInAnyOrder("/a", "/b");
        assertThat(table.byPath()).isEqualTo(Map.of("/a", Map.of(2L, WatchMode.RECURSIVE)));
    }

    @Test
    void manyPathsGrowAndShrinkTheTable() {
        for (int i = 0; i < 5000; i++) {
            table.add("/n" + i, 7, WatchMode.STANDARD);
            table.add("/n" + i, 8, WatchMode.PERSISTENT);
        }
        assertThat(table.size()).isEqualTo(10_000);
        for (int i = 0; i < 5000; i++) {
            assertThat(table.trigger("/n" + i, null)).containsExactly(7L, 8L);
        }
        table.removeConnection(8);
        assertThat(table.size()).isZero();
        assertThat(table.byPath()).isEmpty();
        table.add("/n1", 7, WatchMode.STANDARD);
        assertThat(table.contains("/n1", 7, WatchMode.STANDARD)).isTrue();
    }

    /** Random operations against a plain map model of the same semantics. */
    @Test
    void behavesAsAMapOfPathsToConnectionsToModes() {
        Random rnd = new Random(13);
        List<String> paths = List.of("/", "/a", "/a/b", "/a/b/c", "/ab", "/b", "/b/c", "/c");
        Map<String, Map<Long, Integer>> model = new HashMap<>();
        int[] modes = {WatchMode.STANDARD, WatchMode.PERSISTENT, WatchMode.RECURSIVE, WatchMode.ANY};
        for (int step = 0; step < 50_000; step++) {
            String path = paths.get(rnd.nextInt(paths.size()));
            path = rnd.nextBoolean() ? new String(path) : path;
            long conn = 1 + rnd.nextInt(6);
            int mode = modes[rnd.nextInt(modes.length)];
            switch (rnd.nextInt(10)) {
                case 0, 1, 2, 3 -> {
                    boolean fresh = !model.getOrDefault(path, Map.of()).containsKey(conn);
                    table.add(path, conn, mode);
                    model.computeIfAbsent(path, p -> new HashMap<>()).merge(conn, mode, (a, b) -> a | b);
                    long live = model.values().stream().filter(w -> w.containsKey(conn)).count();
                    if (fresh) {
                        assertThat(table.indexLength(conn)).isLessThanOrEqualTo((int) Math.max(8, 2 * live));
                    }
                }
                case 4, 5, 6 -> assertThat(table.trigger(path, null)).containsExactlyInAnyOrderElementsOf(
                        fireModel(model, path));
                case 7 -> {
                    Integer m = model.getOrDefault(path, Map.of()).get(conn);
                    boolean had = m != null && (m & mode) != 0;
                    assertThat(table.remove(path, conn, mode)).isEqualTo(had);
                    if (had && (m & ~mode) == 0) {
                        model.get(path).remove(conn);
                    } else if (had) {
                        model.get(path).put(conn, m & ~mode);
                    }
                }
                case 8 -> {
                    table.removeConnection(conn);
                    model.values().forEach(w -> w.remove(conn));
                }
                default -> {
                    Integer m = model.getOrDefault(path, Map.of()).get(conn);
                    assertThat(table.contains(path, conn, mode)).isEqualTo(m != null && (m & mode) != 0);
                }
            }
            model.values().removeIf(Map::isEmpty);
            assertThat(table.size()).isEqualTo(model.values().stream().mapToInt(Map::size).sum());
            long live = model.values().stream().filter(w -> w.containsKey(conn)).count();
            if (live == 0) {
                assertThat(table.indexLength(conn)).isEqualTo(-1);
            }
        }
        assertThat(table.byPath()).isEqualTo(model);
    }

    private static Set<Long> fireModel(Map<String, Map<Long, Integer>> model, String path) {
        Set<Long> fired = new HashSet<>();
        Map<Long, Integer> own = model.get(path);
        if (own != null) {
            fired.addAll(own.keySet());
            own.replaceAll((c, m) -> m & ~WatchMode.STANDARD);
            own.values().removeIf(m -> m == 0);
        }
        for (Map.Entry<String, Map<Long, Integer>> e : model.entrySet()) {
            String p = e.getKey();
            boolean ancestor = !p.equals(path) && (p.equals("/") || path.startsWith(p + "/"));
            if (ancestor) {
                e.getValue().forEach((c, m) -> {
                    if ((m & WatchMode.RECURSIVE) != 0) {
                        fired.add(c);
                    }
                });
            }
        }
        return fired;
    }
}

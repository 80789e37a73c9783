package org.vigne.net.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.core.Id;
import org.vigne.dht.DhtResult;
import org.vigne.net.fixtures.Await;

/** Several real nodes in one JVM on loopback: the overlay and the DHT of the simulator, on sockets. */
class LocalGridTest {
    private static final int NODES = 6;

    @TempDir
    static Path state;

    private static LocalGrid grid;

    @BeforeAll
    static void startGrid() throws Exception {
        grid = LocalGrid.start(LocalGrid.Options.of(NODES, 0, state));
        grid.allJoined().get(30, TimeUnit.SECONDS);
        Await.until("leaf sets hold every other node", Duration.ofSeconds(30), grid::leafSetsConverged);
    }

    @AfterAll
    static void stopGrid() {
        grid.close();
    }

    @Test
    void everyKey_hasExactlyOneRoot_theNumericallyClosestNode() {
        List<Id> ids = grid.nodes().stream().map(n -> n.self().id()).toList();
        for (int k = 0; k < 50; k++) {
            Id key = Id.sha1("key-" + k);
            Id closest = ids.stream().reduce((a, b) -> key.compareCloseness(a, b) <= 0 ? a : b).orElseThrow();
            List<Id> roots = new ArrayList<>();
            for (GridNode n : grid.nodes()) {
                if (n.net().call(() -> n.overlay().isRoot(key)).join()) {
                    roots.add(n.self().id());
                }
            }
            assertThat(roots).as("roots of %s", key).containsExactly(closest);
        }
    }

    @Test
    void valuePutThroughOneNode_isReadThroughEveryNode_andHeldByItsThreeReplicas() throws Exception {
        DhtClient writer = new DhtClient(grid.nodes().get(1));
        Set<Id> keys = new LinkedHashSet<>();
        for (int k = 0; k < 20; k++) {
            Id key = Id.sha1("grid-" + k);
            keys.add(key);
            DhtResult r = writer.put("default", key, ("value " + k).getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(DhtResult.Status.OK);
        }
        for (GridNode n : grid.nodes()) {
            DhtClient reader = new DhtClient(n);
            for (int k = 0; k < 20; k++) {
                DhtResult r = reader.get("default", Id.sha1("grid-" + k)).get(10, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(DhtResult.Status.OK);
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("value " + k);
            }
        }
        List<String> misplaced = new ArrayList<>();
        Await.within(Duration.ofSeconds(10), () -> {
            misplaced.clear();
            for (Id key : keys) {
                List<Id> holders = holdersOf(key);
                List<Id> closest = closestNodes(key, 3);
                if (!holders.equals(closest)) {
                    misplaced.add(key.shortString() + " held by " + holders + ", replicas " + closest);
                }
            }
            return misplaced.isEmpty();
        });
        assertThat(misplaced).as("keys not held by exactly their three closest nodes, 10 s after the puts").isEmpty();
    }

    /** Ids of the nodes that store a copy of {@code key}, sorted. */
    private static List<Id> holdersOf(Id key) {
        List<Id> out = new ArrayList<>();
        for (GridNode n : grid.nodes()) {
            if (n.net().call(() -> n.dht().dht("default").orElseThrow().localVersion(key)).join() > 0) {
                out.add(n.self().id());
            }
        }
        out.sort(null);
        return out;
    }

    /** Ids of the {@code r} nodes numerically closest to {@code key}, sorted. */
    private static List<Id> closestNodes(Id key, int r) {
        List<Id> out = new ArrayList<>(grid.nodes().stream().map(n -> n.self().id())
                .sorted(key::compareCloseness).limit(r).toList());
        out.sort(null);
        return out;
    }

    /**
     * Issue 13, item 3: round trips on loopback take a few tenths of a millisecond, and the RTTs a
     * node keeps show it. Whether they read under 1 ms depends on the machine's load, so what is
     * asserted is that they keep their fraction: on a millisecond clock every one was a whole
     * number of milliseconds (most of them 0).
     */
    @Test
    void neighbourRtts_keepTheirFractionOfAMillisecond() {
        List<Long> rttsUs = new ArrayList<>();
        boolean fractional = Await.within(Duration.ofSeconds(30), () -> {
            rttsUs.clear();
            for (GridNode n : grid.nodes()) {
                rttsUs.addAll(n.net().call(() -> List.copyOf(n.overlay().neighbourRttsMicros().values())).join());
            }
            return rttsUs.stream().filter(us -> us % 1000 != 0).count() >= NODES;
        });
        assertThat(fractional).as("at least %d RTTs (us) not whole milliseconds: %s", NODES, rttsUs).isTrue();
    }

    @Test
    void removedKey_isNotFoundAnywhere() throws Exception {
        DhtClient c = new DhtClient(grid.nodes().get(2));
        Id key = Id.sha1("short-lived");
        assertThat(c.put("default", key, new byte[] {1}).get(10, TimeUnit.SECONDS).status()).isEqualTo(DhtResult.Status.OK);

        assertThat(c.remove("default", key).get(10, TimeUnit.SECONDS).status()).isEqualTo(DhtResult.Status.OK);

        for (GridNode n : grid.nodes()) {
            assertThat(new DhtClient(n).get("default", key).get(10, TimeUnit.SECONDS).status())
                    .isEqualTo(DhtResult.Status.NOT_FOUND);
        }
    }

}

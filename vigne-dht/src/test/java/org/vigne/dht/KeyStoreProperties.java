package org.vigne.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtMessage.Item;

/**
 * A node's store keeps each range's anti-entropy summary and its own counts up to date
 * incrementally, on every store, move and drop: after any sequence of them, a range's hash is the
 * sum of its keys' pair hashes at their current versions, the live count is the number of held
 * keys that are not tombstones, and an older or equal version is refused. If a summary missed a
 * version change, two replicas that hold different versions of a key would send equal digests and
 * anti-entropy would never repair the stale one.
 */
class KeyStoreProperties {
    private static final String SEED = "2718";
    private static final Id SELF = Id.sha1("self");
    private static final List<List<NodeHandle>> SETS = List.of(
            List.of(node("self"), node("a"), node("b")),
            List.of(node("a"), node("self"), node("b")),
            List.of(node("b"), node("c"), node("d")));

    /** One step: offer (key, version, tombstone), move a key to a replica set, or drop a key. */
    record Step(int kind, int key, long version, boolean tombstone, int set) {
    }

    private static NodeHandle node(String name) {
        return new NodeHandle(Id.sha1(name), "test", 1);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 5),
                        Arbitraries.longs().between(1, 12), Arbitraries.of(true, false), Arbitraries.integers().between(0, 2))
                .as((kind, key, version, tomb, set) -> new Step(kind < 6 ? 0 : kind < 9 ? 1 : 2, key, version, tomb, set))
                .list().ofMaxSize(60);
    }

    @Property(seed = SEED, tries = 300)
    void summariesAndCounts_matchTheKeysHeld_afterAnySequenceOfStoresMovesAndDrops(@ForAll("steps") List<Step> steps) {
        KeyStore store = new KeyStore(SELF);
        long now = 0;
        for (Step s : steps) {
            Id key = Id.sha1("key " + s.key());
            now += 10;
            if (s.kind() == 0) {
                StoredKey e = store.getOrCreate(key);
                long before = e.version;
                boolean took = store.offer(e, new Item(key, s.version(), new byte[] {1}, s.tombstone()), now);
                assertThat(took).as("offer v%d over v%d", s.version(), before).isEqualTo(s.version() > before);
                if (e.range == null && e.replicas.isEmpty() && !e.dropped) {
                    store.place(e, SETS.get(s.set()));
                }
            } else if (s.kind() == 1) {
                StoredKey e = store.get(key);
                if (e != null) {
                    store.place(e, SETS.get(s.set()));
                }
            } else {
                StoredKey e = store.get(key);
                if (e != null) {
                    store.remove(e);
                }
            }
            check(store);
        }
    }

    private static void check(KeyStore store) {
        int live = 0;
        int placed = 0;
        for (StoredKey e : new ArrayList<>(store.entries())) {
            live += e.tombstone ? 0 : 1;
            placed += e.range != null ? 1 : 0;
        }
        assertThat(store.liveCount()).as("live keys").isEqualTo(live);
        int inRanges = 0;
        for (ReplicaRange g : store.ranges()) {
            long sum = 0;
            for (StoredKey e : g.keys()) {
                sum += KeyStore.pairHash(e.key, e.version);
                assertThat(e.range).as("the range of %s", e.key).isSameAs(g);
            }
            assertThat(g.hash()).as("summary of range %s", g.replicas).isEqualTo(sum);
            assertThat(g.size()).isEqualTo(g.keys().size()).isPositive();
            assertThat(g.isEmpty()).isFalse();
            inRanges += g.size();
        }
        assertThat(inRanges).as("keys placed in ranges").isEqualTo(placed);
    }
}

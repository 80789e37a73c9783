package org.vigne.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * The compact {@link PeerMap} against a {@link HashMap} and a list: after any sequence of puts,
 * removals and compactions it finds exactly the peers the model holds, and lists them in the
 * model list's order (added at the end, a removal moving the last into the hole: the order the
 * maintenance probes in). Ids share a few leading words, so they crowd the same home slots and
 * removals must shift whole probe runs back, across the end of the table too.
 */
class PeerMapProperties {
    private static final String SEED = "4096";

    /** One operation on the map: 0 put, 1 remove, 2 compact; {@code id} indexes the pool. */
    record Op(int kind, int id) {
    }

    @Provide
    Arbitrary<List<Id>> pools() {
        Arbitrary<Long> crowdedHi = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(0L, 7L, -1L, 1L << 40)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs()));
        return Combinators.combine(crowdedHi, Arbitraries.longs(), Arbitraries.integers())
                .as(Id::of).list().ofMinSize(1).ofMaxSize(64).uniqueElements();
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> kind = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(1)), net.jqwik.api.Tuple.of(1, Arbitraries.just(2)));
        return Combinators.combine(kind, Arbitraries.integers().between(0, 63)).as(Op::new).list().ofMaxSize(160);
    }

    @Property(seed = SEED, tries = 300)
    void findsExactlyThePeersAMapWouldHold(@ForAll("pools") List<Id> pool, @ForAll("ops") List<Op> ops) {
        PeerMap map = new PeerMap();
        Map<Id, Peer> model = new HashMap<>();
        List<Peer> order = new ArrayList<>();
        for (Op op : ops) {
            Id id = pool.get(op.id() % pool.size());
            switch (op.kind()) {
                case 0 -> {
                    if (!model.containsKey(id)) {
                        Peer p = new Peer(new NodeHandle(id, "sim", model.size()));
                        map.put(p);
                        model.put(id, p);
                        order.add(p);
                    }
                }
                case 1 -> {
                    Peer gone = model.remove(id);
                    assertThat(map.remove(id)).as("remove(%s) after %s", id, ops).isSameAs(gone);
                    swapRemove(order, gone);
                }
                default -> map.compact();
            }
            assertThat(map.size()).as("size after %s", op).isEqualTo(model.size());
            for (int i = 0; i < order.size(); i++) {
                assertThat(map.at(i)).as("at(%d) after %s in %s", i, op, ops).isSameAs(order.get(i));
            }
            for (Id x : pool) {
                assertThat(map.get(x)).as("get(%s) after %s in %s", x, op, ops).isSameAs(model.get(x));
                assertThat(map.containsKey(x)).isEqualTo(model.containsKey(x));
            }
        }
    }

    private static void swapRemove(List<Peer> order, Peer gone) {
        int at = order.indexOf(gone);
        if (at >= 0) {
            Peer last = order.remove(order.size() - 1);
            if (last != gone) {
                order.set(at, last);
            }
        }
    }
}

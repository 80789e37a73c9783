package org.vigne.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * Routing-table slot choice: a node lands in row = the length of the prefix it shares with this
 * node and column = its digit in that row, never anywhere else; a full slot keeps the lowest-RTT
 * nodes; removal gives the slot back. Checked against a plain map model after every operation.
 */
class RoutingTableProperties {
    private static final String SEED = "4016";

    /**
     * A table owner, candidates (ids sharing 0..39 digits with {@code self}, some with a repeated
     * id at another port, and {@code self} itself), their RTTs (-1 = never measured) and a sequence
     * of operations: {@code i >= 0} offers candidate i, {@code i < 0} removes candidate -i-1.
     */
    record Scenario(Id self, int slotSize, List<NodeHandle> candidates, Map<Id, Long> rttMs, List<Integer> ops) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return ids().flatMap(self -> Combinators.combine(
                Arbitraries.integers().between(1, 3),
                candidateIds(self).list().ofMinSize(1).ofMaxSize(40),
                Arbitraries.longs().between(-1, 12).list().ofSize(41),
                Arbitraries.integers().between(-41, 40).list().ofMaxSize(80))
                .as((k, ids, rtts, ops) -> {
                    List<NodeHandle> c = new ArrayList<>();
                    for (int i = 0; i < ids.size(); i++) {
                        c.add(new NodeHandle(ids.get(i), "sim", i));
                    }
                    c.add(new NodeHandle(c.get(0).id(), "sim", 1000));
                    c.add(new NodeHandle(self, "sim", 1001));
                    Map<Id, Long> rtt = new HashMap<>();
                    for (int i = 0; i < c.size(); i++) {
                        rtt.putIfAbsent(c.get(i).id(), rtts.get(i % rtts.size()));
                    }
                    List<Integer> valid = new ArrayList<>();
                    for (int op : ops) {
                        valid.add(op >= 0 ? op % c.size() : -((-op - 1) % c.size()) - 1);
                    }
                    return new Scenario(self, k, c, rtt, valid);
                }));
    }

    @Provide
    Arbitrary<Id> anyId() {
        return ids();
    }

    static Arbitrary<Id> ids() {
        Arbitrary<Id> random = Arbitraries.bytes().array(byte[].class).ofSize(Id.BYTES).map(Id::fromBytes);
        return Arbitraries.frequencyOf(Tuple.of(8, random),
                Tuple.of(1, Arbitraries.of(Id.ZERO, Id.ZERO.minus(Id.of(0, 0, 1)))));
    }

    /** Ids sharing a chosen number of digits with {@code self}, mostly few, in a few crowded columns. */
    static Arbitrary<Id> candidateIds(Id self) {
        Arbitrary<Integer> prefix = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(3, Arbitraries.just(1)),
                Tuple.of(2, Arbitraries.just(2)), Tuple.of(1, Arbitraries.integers().between(3, Id.DIGITS - 1)));
        Arbitrary<Integer> offset = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(1, 2)),
                Tuple.of(1, Arbitraries.integers().between(1, Id.RADIX - 1)));
        return Combinators.combine(prefix, offset, ids())
                .as((p, off, tail) -> Id.withPrefix(self, p, (self.digit(p) + off) % Id.RADIX, tail));
    }

    /** The reference: slot (row * 16 + column) to its entries, lowest RTT first, unknown RTT last. */
    static final class Model {
        final Id self;
        final int k;
        final ToLongFunction<Id> rtt;
        final Map<Integer, List<NodeHandle>> slots = new HashMap<>();

        Model(Id self, int k, ToLongFunction<Id> rtt) {
            this.self = self;
            this.k = k;
            this.rtt = rtt;
        }

        static int row(Id self, Id id) {
            return self.prefixLength(id);
        }

        List<NodeHandle> slot(int row, int col) {
            return slots.getOrDefault(row * Id.RADIX + col, List.of());
        }

        List<NodeHandle> slotOf(Id id) {
            int row = row(self, id);
            return row == Id.DIGITS ? List.of() : slot(row, id.digit(row));
        }

        long key(NodeHandle n) {
            long v = rtt.applyAsLong(n.id());
            return v < 0 ? Long.MAX_VALUE : v;
        }

        NodeHandle offer(NodeHandle n) {
            int row = row(self, n.id());
            if (row == Id.DIGITS || slotOf(n.id()).stream().anyMatch(e -> e.id().equals(n.id()))) {
                return n;
            }
            List<NodeHandle> s = slots.computeIfAbsent(row * Id.RADIX + n.id().digit(row), x -> new ArrayList<>());
            NodeHandle out = null;
            if (s.size() < k) {
                s.add(n);
            } else {
                NodeHandle worst = s.get(k - 1);
                long mine = rtt.applyAsLong(n.id());
                long theirs = rtt.applyAsLong(worst.id());
                if (mine < 0 || (theirs >= 0 && mine >= theirs)) {
                    return n;
                }
                s.set(k - 1, n);
                out = worst;
            }
            s.sort(Comparator.comparingLong(this::key));
            return out;
        }

        boolean remove(Id id) {
            int row = row(self, id);
            if (row == Id.DIGITS) {
                return false;
            }
            List<NodeHandle> s = slots.get(row * Id.RADIX + id.digit(row));
            return s != null && s.removeIf(e -> e.id().equals(id));
        }

        List<NodeHandle> all() {
            List<NodeHandle> out = new ArrayList<>();
            for (int row = 0; row < Id.DIGITS; row++) {
                for (int col = 0; col < Id.RADIX; col++) {
                    out.addAll(slot(row, col));
                }
            }
            return out;
        }
    }

    @Property(seed = SEED, tries = 250)
    void offersAndRemovals_matchTheSlotModel(@ForAll("scenarios") Scenario sc) {
        ToLongFunction<Id> rtt = id -> sc.rttMs().getOrDefault(id, -1L);
        RoutingTable table = new RoutingTable(sc.self(), sc.slotSize());
        Set<NodeHandle> announced = new HashSet<>();
        table.setMembership((n, leafSet, in) -> {
            assertThat(leafSet).isFalse();
            if (in) {
                announced.add(n);
            } else {
                announced.remove(n);
            }
        });
        Model model = new Model(sc.self(), sc.slotSize(), rtt);
        for (int step = 0; step < sc.ops().size(); step++) {
            int op = sc.ops().get(step);
            if (op >= 0) {
                NodeHandle n = sc.candidates().get(op);
                NodeHandle expected = model.offer(n);
                assertThat(table.offer(n, rtt)).as("step %d: offer %s", step, n).isEqualTo(expected);
            } else {
                NodeHandle n = sc.candidates().get(-op - 1);
                boolean expected = model.remove(n.id());
                assertThat(table.remove(n.id())).as("step %d: remove %s", step, n).isEqualTo(expected);
            }
            assertMatches(table, model, sc, step);
            assertThat(announced).as("step %d: membership upcalls", step).containsExactlyInAnyOrderElementsOf(table.all());
        }
    }

    /** Compares every slot, row, accessor and count with the model; one assertion per view, so it stays fast. */
    private static void assertMatches(RoutingTable table, Model model, Scenario sc, int step) {
        List<NodeHandle> grid = new ArrayList<>();
        List<NodeHandle> expectedGrid = new ArrayList<>();
        List<List<NodeHandle>> rows = new ArrayList<>();
        List<List<NodeHandle>> expectedRows = new ArrayList<>();
        int lastRow = -1;
        for (int row = 0; row < Id.DIGITS; row++) {
            List<NodeHandle> rowEntries = new ArrayList<>();
            List<NodeHandle> primaries = new ArrayList<>();
            for (int col = 0; col < Id.RADIX; col++) {
                List<NodeHandle> s = model.slot(row, col);
                for (int i = 0; i < sc.slotSize(); i++) {
                    grid.add(table.get(row, col, i));
                    expectedGrid.add(i < s.size() ? s.get(i) : null);
                }
                grid.add(table.get(row, col));
                expectedGrid.add(s.isEmpty() ? null : s.get(0));
                rowEntries.addAll(s);
                if (!s.isEmpty()) {
                    primaries.add(s.get(0));
                    lastRow = row;
                }
            }
            rows.add(table.row(row));
            rows.add(table.primaries(row));
            expectedRows.add(rowEntries);
            expectedRows.add(primaries);
        }
        assertThat(grid).as("step %d: every slot entry, row by row", step).isEqualTo(expectedGrid);
        assertThat(rows).as("step %d: row() and primaries()", step).isEqualTo(expectedRows);
        assertThat(table.lastFilledRow()).as("step %d: lastFilledRow", step).isEqualTo(lastRow);
        List<NodeHandle> all = model.all();
        assertThat(table.all()).as("step %d: all()", step).isEqualTo(all);
        assertThat(table.size()).as("step %d: size", step).isEqualTo(all.size());
        List<Object> views = new ArrayList<>();
        List<Object> expectedViews = new ArrayList<>();
        for (NodeHandle c : sc.candidates()) {
            List<NodeHandle> s = model.slotOf(c.id());
            views.add(table.occupant(c.id()));
            expectedViews.add(s.isEmpty() ? null : s.get(0));
            views.add(table.contains(c.id()));
            expectedViews.add(s.stream().anyMatch(e -> e.id().equals(c.id())));
            views.add(table.rowOf(c.id()));
            expectedViews.add(c.id().equals(sc.self()) ? -1 : sc.self().prefixLength(c.id()));
        }
        assertThat(views).as("step %d: occupant, contains and rowOf of each candidate", step).isEqualTo(expectedViews);
    }

    @Property(seed = SEED)
    void anIdLandsInTheRowOfItsSharedPrefix_andTheColumnOfItsDigitThere(@ForAll("anyId") Id self,
                                                                         @ForAll("anyId") Id other) {
        RoutingTable table = new RoutingTable(self, 2);
        NodeHandle n = new NodeHandle(other, "sim", 1);
        int shared = self.prefixLength(other);
        if (shared == Id.DIGITS) {
            assertThat(table.rowOf(other)).isEqualTo(-1);
            assertThat(table.offer(n, id -> 10)).isSameAs(n);
            assertThat(table.size()).isZero();
            return;
        }
        assertThat(table.rowOf(other)).isEqualTo(shared);
        assertThat(table.offer(n, id -> 10)).isNull();
        for (int row = 0; row < Id.DIGITS; row++) {
            for (int col = 0; col < Id.RADIX; col++) {
                boolean home = row == shared && col == other.digit(shared);
                assertThat(table.get(row, col)).as("slot (%d, %d)", row, col).isEqualTo(home ? n : null);
            }
        }
        assertThat(table.occupant(other)).isEqualTo(n);
        assertThat(table.lastFilledRow()).isEqualTo(shared);
    }

    @Property(seed = SEED)
    void anIdNeverLandsInARowBeyondItsSharedPrefix(@ForAll("anyId") Id self, @ForAll("anyId") Id tail,
                                                  @ForAll("prefixes") int shared) {
        Id other = Id.withPrefix(self, shared, (self.digit(shared) + 1) % Id.RADIX, tail);
        RoutingTable table = new RoutingTable(self, 1);
        table.offer(new NodeHandle(other, "sim", 1), id -> -1);
        assertThat(table.lastFilledRow()).isEqualTo(shared);
        for (int row = shared + 1; row < Id.DIGITS; row++) {
            assertThat(table.row(row)).isEmpty();
        }
    }

    @Provide
    Arbitrary<Integer> prefixes() {
        return Arbitraries.integers().between(0, Id.DIGITS - 1);
    }

    @Property(seed = SEED, tries = 250)
    void removingAnOfferedNode_restoresTheTable(@ForAll("scenarios") Scenario sc, @ForAll("anyId") Id tail) {
        ToLongFunction<Id> rtt = id -> sc.rttMs().getOrDefault(id, -1L);
        RoutingTable table = new RoutingTable(sc.self(), sc.slotSize());
        for (int op : sc.ops()) {
            if (op >= 0) {
                table.offer(sc.candidates().get(op), rtt);
            }
        }
        List<NodeHandle> before = table.all();
        int size = table.size();
        Id fresh = Id.withPrefix(sc.self(), 0, (sc.self().digit(0) + 8) % Id.RADIX, tail);
        Assume.that(!table.contains(fresh));
        NodeHandle n = new NodeHandle(fresh, "sim", 2000);
        if (table.offer(n, rtt) == null) {
            assertThat(table.contains(fresh)).isTrue();
            assertThat(table.remove(fresh)).isTrue();
            assertThat(table.all()).isEqualTo(before);
            assertThat(table.size()).isEqualTo(size);
        }
        assertThat(table.remove(fresh)).isFalse();
        assertThat(table.contains(fresh)).isFalse();
    }
}

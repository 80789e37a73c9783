package org.vigne.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
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
 * The leaf set against brute force with {@link BigInteger}: after any additions it holds the L/2
 * closest nodes clockwise and the L/2 closest counter-clockwise; its range and its closest member
 * agree with the true ring of the nodes it was told about.
 */
class LeafSetProperties {
    private static final String SEED = "1616";
    private static final BigInteger RING = BigInteger.ONE.shiftLeft(160);

    /** A leaf set's owner, its size L, and the distinct nodes it is told about, in order. */
    record Scenario(NodeHandle self, int size, List<NodeHandle> nodes) {
        int half() {
            return size / 2;
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return RoutingTableProperties.ids().flatMap(self -> Combinators.combine(
                Arbitraries.of(2, 4, 8, 16),
                nodeIds(self).list().ofMaxSize(48).uniqueElements())
                .as((size, ids) -> {
                    List<NodeHandle> nodes = new ArrayList<>();
                    for (Id id : ids) {
                        if (!id.equals(self)) {
                            nodes.add(new NodeHandle(id, "sim", nodes.size() + 1));
                        }
                    }
                    return new Scenario(new NodeHandle(self, "sim", 0), size, nodes);
                }));
    }

    /** Random ids, and ids just either side of {@code self} so the ring wraps and sides crowd. */
    static Arbitrary<Id> nodeIds(Id self) {
        Arbitrary<Id> near = Combinators.combine(Arbitraries.integers().between(1, 5000), Arbitraries.of(true, false))
                .as((d, cw) -> cw ? self.plus(Id.of(0, 0, d)) : self.minus(Id.of(0, 0, d)));
        return Arbitraries.frequencyOf(Tuple.of(3, RoutingTableProperties.ids()), Tuple.of(2, near));
    }

    @Provide
    Arbitrary<Id> keys() {
        return RoutingTableProperties.ids();
    }

    // ---- brute force --------------------------------------------------------------------------

    private static BigInteger big(Id id) {
        return new BigInteger(1, id.toBytes());
    }

    private static BigInteger cw(Id from, Id to) {
        return big(to).subtract(big(from)).mod(RING);
    }

    /** The {@code half} nodes closest clockwise from {@code self}, closest first. */
    private static List<NodeHandle> closestClockwise(Id self, List<NodeHandle> nodes, int half) {
        return nodes.stream().sorted(Comparator.comparing(n -> cw(self, n.id()))).limit(half).toList();
    }

    private static List<NodeHandle> closestCounterClockwise(Id self, List<NodeHandle> nodes, int half) {
        return nodes.stream().sorted(Comparator.comparing(n -> cw(n.id(), self))).limit(half).toList();
    }

    private static List<NodeHandle> expectedMembers(Id self, List<NodeHandle> nodes, int half) {
        Set<NodeHandle> out = new LinkedHashSet<>(closestCounterClockwise(self, nodes, half));
        out.addAll(closestClockwise(self, nodes, half));
        return new ArrayList<>(out);
    }

    /** Ring distance to the key, then the node reached clockwise first: the oracle's notion of root. */
    private static BigInteger rank(Id key, Id x) {
        BigInteger up = cw(key, x);
        BigInteger down = cw(x, key);
        return up.compareTo(down) <= 0 ? up.shiftLeft(1) : down.shiftLeft(1).add(BigInteger.ONE);
    }

    private static NodeHandle trueRoot(Id key, List<NodeHandle> candidates) {
        return candidates.stream().min(Comparator.comparing(n -> rank(key, n.id()))).orElseThrow();
    }

    private static LeafSet build(Scenario sc) {
        LeafSet leaves = new LeafSet(sc.self(), sc.size());
        for (NodeHandle n : sc.nodes()) {
            leaves.add(n);
        }
        return leaves;
    }

    // ---- properties ---------------------------------------------------------------------------

    @Property(seed = SEED, tries = 500)
    void afterAnyAdditions_membersAreTheHalfClosestOnEachSide(@ForAll("scenarios") Scenario sc) {
        Id self = sc.self().id();
        Set<NodeHandle> announced = new HashSet<>();
        LeafSet leaves = new LeafSet(sc.self(), sc.size());
        leaves.setMembership((n, leafSet, in) -> {
            if (in) {
                announced.add(n);
            } else {
                announced.remove(n);
            }
        });
        for (NodeHandle n : sc.nodes()) {
            leaves.add(n);
            assertThat(leaves.add(n)).as("adding %s twice", n).isFalse();
        }
        List<NodeHandle> cw = closestClockwise(self, sc.nodes(), sc.half());
        List<NodeHandle> ccw = closestCounterClockwise(self, sc.nodes(), sc.half());
        List<NodeHandle> actualCw = sides(leaves, true);
        List<NodeHandle> actualCcw = sides(leaves, false);
        String seen = sc.nodes().size() + " nodes, L = " + sc.size();
        assertThat(actualCw).as("clockwise side, %s", seen).isEqualTo(cw);
        assertThat(actualCcw).as("counter-clockwise side, %s", seen).isEqualTo(ccw);
        List<NodeHandle> members = expectedMembers(self, sc.nodes(), sc.half());
        assertThat(leaves.members()).as("members, %s", seen).isEqualTo(members);
        assertThat(leaves.size()).isEqualTo(members.size());
        assertThat(leaves.isComplete()).isEqualTo(sc.nodes().size() >= sc.half());
        Id[] sorted = members.stream().map(NodeHandle::id).sorted().toArray(Id[]::new);
        assertThat(leaves.sortedIds()).containsExactly(sorted);
        for (NodeHandle n : sc.nodes()) {
            assertThat(leaves.contains(n.id())).isEqualTo(members.contains(n));
        }
        assertThat(announced).as("membership upcalls").containsExactlyInAnyOrderElementsOf(members);
        assertThat(leaves.contains(self)).isFalse();
    }

    /** The digest and the change lists, kept without a member list, agree with the members. */
    @Property(seed = SEED, tries = 300)
    void digestAndChanges_followTheMembers(@ForAll("scenarios") Scenario sc) {
        LeafSet leaves = new LeafSet(sc.self(), sc.size());
        assertThat(leaves.hasChanges()).isFalse();
        for (NodeHandle n : sc.nodes()) {
            leaves.add(n);
        }
        List<NodeHandle> members = leaves.members();
        assertThat(leaves.digest()).isEqualTo(LeafSet.digestOf(members));
        assertThat(leaves.hasChanges()).isEqualTo(!sc.nodes().isEmpty());
        List<NodeHandle> added = new java.util.ArrayList<>(leaves.drainAdded());
        added.removeAll(leaves.drainRemoved());
        assertThat(added).containsExactlyInAnyOrderElementsOf(members);
        assertThat(leaves.hasChanges()).isFalse();
        assertThat(leaves.drainAdded()).isEmpty();
        assertThat(leaves.drainRemoved()).isEmpty();
        if (!members.isEmpty()) {
            NodeHandle gone = members.get(0);
            leaves.remove(gone.id());
            assertThat(leaves.hasChanges()).isTrue();
            assertThat(leaves.drainRemoved()).containsExactly(gone);
            assertThat(leaves.digest()).isEqualTo(LeafSet.digestOf(leaves.members()));
        }
    }

    @Property(seed = SEED, tries = 500)
    void wouldAccept_isWhetherAddingWouldChangeTheMembers(@ForAll("scenarios") Scenario sc, @ForAll("keys") Id fresh) {
        LeafSet leaves = build(sc);
        if (fresh.equals(sc.self().id())) {
            assertThat(leaves.wouldAccept(fresh)).isFalse();
            return;
        }
        Assume.that(sc.nodes().stream().noneMatch(n -> n.id().equals(fresh)));
        NodeHandle n = new NodeHandle(fresh, "sim", 9999);
        List<NodeHandle> more = new ArrayList<>(sc.nodes());
        more.add(n);
        boolean expected = expectedMembers(sc.self().id(), more, sc.half()).contains(n);
        assertThat(leaves.wouldAccept(fresh)).isEqualTo(expected);
        assertThat(leaves.add(n)).isEqualTo(expected);
    }

    /**
     * The reach {@link LeafSet#wouldAccept} keeps for the far members follows every change: asked
     * after each addition, and after each removal and re-addition of a member.
     */
    @Property(seed = SEED, tries = 300)
    void wouldAccept_followsEveryChange(@ForAll("scenarios") Scenario sc, @ForAll("keys") Id fresh) {
        Assume.that(!fresh.equals(sc.self().id()) && sc.nodes().stream().noneMatch(n -> n.id().equals(fresh)));
        LeafSet leaves = new LeafSet(sc.self(), sc.size());
        for (NodeHandle n : sc.nodes()) {
            leaves.add(n);
            checkWouldAccept(leaves, sc, fresh, "after adding " + n);
        }
        for (NodeHandle m : List.copyOf(leaves.members()).subList(0, Math.min(3, leaves.members().size()))) {
            leaves.remove(m.id());
            checkWouldAccept(leaves, sc, fresh, "after removing " + m);
            leaves.add(m);
            checkWouldAccept(leaves, sc, fresh, "after adding back " + m);
        }
    }

    private static void checkWouldAccept(LeafSet leaves, Scenario sc, Id fresh, String when) {
        NodeHandle n = new NodeHandle(fresh, "sim", 9999);
        List<NodeHandle> more = new ArrayList<>(leaves.members());
        more.add(n);
        boolean expected = expectedMembers(sc.self().id(), more, sc.half()).contains(n);
        assertThat(leaves.wouldAccept(fresh)).as(when).isEqualTo(expected);
    }

    @Property(seed = SEED, tries = 300)
    void inRange_matchesTheArcBetweenTheFarthestMembers(@ForAll("scenarios") Scenario sc, @ForAll("keys") Id random) {
        LeafSet leaves = build(sc);
        Id self = sc.self().id();
        List<NodeHandle> cw = closestClockwise(self, sc.nodes(), sc.half());
        List<NodeHandle> ccw = closestCounterClockwise(self, sc.nodes(), sc.half());
        for (Id key : probeKeys(sc, random)) {
            boolean expected;
            if (cw.size() < sc.half()) {
                expected = true;
            } else {
                expected = cw(self, key).compareTo(cw(self, cw.get(cw.size() - 1).id())) <= 0
                        || cw(key, self).compareTo(cw(ccw.get(ccw.size() - 1).id(), self)) <= 0;
            }
            assertThat(leaves.inRange(key)).as("key %s, %d nodes, L = %d", key, sc.nodes().size(), sc.size())
                    .isEqualTo(expected);
        }
    }

    @Property(seed = SEED, tries = 300)
    void closest_isTheTrueRoot_wheneverTheKeyIsInRange(@ForAll("scenarios") Scenario sc, @ForAll("keys") Id random) {
        LeafSet leaves = build(sc);
        List<NodeHandle> everyone = new ArrayList<>(sc.nodes());
        everyone.add(sc.self());
        List<NodeHandle> known = new ArrayList<>(leaves.members());
        known.add(sc.self());
        for (Id key : probeKeys(sc, random)) {
            Map<NodeHandle, BigInteger> ranks = new HashMap<>();
            for (NodeHandle n : everyone) {
                ranks.put(n, rank(key, n.id()));
            }
            List<NodeHandle> byCloseness = known.stream().sorted(Comparator.comparing(ranks::get)).toList();
            assertThat(leaves.closest(key, n -> false)).as("closest among members, key %s", key)
                    .isEqualTo(byCloseness.get(0));
            if (leaves.inRange(key)) {
                NodeHandle root = everyone.stream().min(Comparator.comparing(ranks::get)).orElseThrow();
                assertThat(leaves.closest(key, n -> false)).as("root of in-range key %s, %d nodes, L = %d",
                        key, sc.nodes().size(), sc.size()).isEqualTo(root);
            }
            assertThat(leaves.replicaSet(key, sc.half() + 1)).as("replica set of key %s", key)
                    .isEqualTo(byCloseness.subList(0, Math.min(byCloseness.size(), sc.half() + 1)));
        }
    }

    @Property(seed = SEED, tries = 300)
    void closest_skipsWhatThePredicateRejects(@ForAll("scenarios") Scenario sc, @ForAll("keys") Id key) {
        LeafSet leaves = build(sc);
        Set<NodeHandle> skipped = new HashSet<>();
        List<NodeHandle> members = leaves.members();
        for (int i = 0; i < members.size(); i += 2) {
            skipped.add(members.get(i));
        }
        Predicate<NodeHandle> skip = skipped::contains;
        List<NodeHandle> kept = new ArrayList<>(members);
        kept.removeAll(skipped);
        kept.add(sc.self());
        assertThat(leaves.closest(key, skip)).isEqualTo(trueRoot(key, kept));
    }

    @Property(seed = SEED, tries = 500)
    void afterRemovals_reAddingTheSurvivorsGivesTheHalfClosestOnEachSide(@ForAll("scenarios") Scenario sc) {
        LeafSet leaves = build(sc);
        Id self = sc.self().id();
        List<NodeHandle> survivors = new ArrayList<>();
        List<NodeHandle> gone = new ArrayList<>();
        for (int i = 0; i < sc.nodes().size(); i++) {
            NodeHandle n = sc.nodes().get(i);
            if (i % 3 == 1) {
                boolean wasMember = leaves.contains(n.id());
                assertThat(leaves.remove(n.id())).isEqualTo(wasMember);
                assertThat(leaves.contains(n.id())).isFalse();
                gone.add(n);
            } else {
                survivors.add(n);
            }
        }
        List<NodeHandle> cw = sides(leaves, true);
        List<NodeHandle> ccw = sides(leaves, false);
        assertThat(cw).noneMatch(gone::contains).isSortedAccordingTo(Comparator.comparing(n -> cw(self, n.id())));
        assertThat(ccw).noneMatch(gone::contains).isSortedAccordingTo(Comparator.comparing(n -> cw(n.id(), self)));
        for (NodeHandle n : survivors) {
            leaves.add(n);
        }
        String seen = "self " + self + ", L = " + sc.size() + ", survivors " + survivors.size() + " of " + sc.nodes().size();
        assertThat(sides(leaves, true)).as("clockwise side, %s", seen)
                .isEqualTo(closestClockwise(self, survivors, sc.half()));
        assertThat(sides(leaves, false)).as("counter-clockwise side, %s", seen)
                .isEqualTo(closestCounterClockwise(self, survivors, sc.half()));
        assertThat(leaves.members()).as("members, %s", seen).isEqualTo(expectedMembers(self, survivors, sc.half()));
    }

    private static List<NodeHandle> sides(LeafSet leaves, boolean clockwise) {
        List<NodeHandle> out = new ArrayList<>();
        int size = clockwise ? leaves.clockwiseSize() : leaves.counterClockwiseSize();
        for (int i = 0; i < size; i++) {
            out.add(clockwise ? leaves.clockwise(i) : leaves.counterClockwise(i));
        }
        return out;
    }

    /** Keys worth probing: a random one, self, every node's id, and the ids just beside some of them. */
    private static List<Id> probeKeys(Scenario sc, Id random) {
        List<Id> keys = new ArrayList<>(Arrays.asList(random, sc.self().id()));
        Id one = Id.of(0, 0, 1);
        for (int i = 0; i < sc.nodes().size(); i++) {
            Id id = sc.nodes().get(i).id();
            keys.add(id);
            if (i < 16) {
                keys.add(id.plus(one));
                keys.add(id.minus(one));
            }
        }
        return keys;
    }
}

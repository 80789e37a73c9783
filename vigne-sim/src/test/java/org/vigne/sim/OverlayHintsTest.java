package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.JoinState;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayConfig;
import org.vigne.overlay.OverlayMessage;

/**
 * Promises of the overlay that lookups alone do not exercise: the transport's unreachable-peer
 * hints (probe at once, declare dead on the second: DESIGN.md, "System membership"), what the
 * routing table and RTT views report, answers to malformed requests, and lifecycle misuse.
 */
class OverlayHintsTest {
    private static final int LEAF_SET = 16;

    private static Id[] without(Id[] ids, Id gone) {
        return Arrays.stream(ids).filter(i -> !i.equals(gone)).toArray(Id[]::new);
    }

    @Test
    void secondUnreachableHint_aboutACrashedNeighbour_dropsItAtOnce_andTheLeafSetRefills() {
        TestRing ring = new TestRing(71, 60, NetworkModel.wideArea(0), OverlayConfig.defaults());
        String scenario = "ring of 60, seed 71; " + Scenarios.replayTest(getClass(), "secondUnreachableHint");
        SimNode a = ring.population.members().get(0);
        Id[] before = a.overlay().leafSetIds();
        SimNode b = ring.world.node(a.overlay().leafSetMembers().get(0).port());
        ring.population.crash(b);

        a.send(a.self(), new OverlayMessage.PeerUnreachable(b.self()));
        ring.sim().runUntil(ring.sim().nowMs() + 1);
        assertThat(a.overlay().leafSetIds()).as("after one hint (a probe only); %s", scenario).contains(b.self().id());

        a.send(a.self(), new OverlayMessage.PeerUnreachable(b.self()));
        ring.sim().runUntil(ring.sim().nowMs() + 1);
        assertThat(a.overlay().leafSetIds()).as("after the second hint, before any probe could time out; %s", scenario)
                .doesNotContain(b.self().id()).hasSize(LEAF_SET - 1);

        ring.sim().runUntil(ring.sim().nowMs() + 5_000);
        Id[] expected = ring.oracle.snapshot().expectedLeafSet(a.self().id(), LEAF_SET);
        assertThat(a.overlay().leafSetIds()).as("leaf set 5 s later vs the true ring; %s", scenario).containsExactly(expected);
        assertThat(without(before, b.self().id())).as("the other members stayed; %s", scenario)
                .isSubsetOf(a.overlay().leafSetIds());
    }

    @Test
    void unreachableHints_aboutALiveNeighbour_costAProbe_notItsPlace() {
        TestRing ring = new TestRing(73, 40, NetworkModel.wideArea(0), OverlayConfig.defaults());
        SimNode a = ring.population.members().get(0);
        NodeHandle b = a.overlay().leafSetMembers().get(0);

        a.send(a.self(), new OverlayMessage.PeerUnreachable(b));
        ring.sim().runUntil(ring.sim().nowMs() + 2_000);
        a.send(a.self(), new OverlayMessage.PeerUnreachable(b));
        ring.sim().runUntil(ring.sim().nowMs() + 2_000);
        a.send(a.self(), new OverlayMessage.PeerUnreachable(new NodeHandle(Id.sha1("stranger"), "sim", 0)));
        ring.sim().runUntil(ring.sim().nowMs() + 10);

        assertThat(a.overlay().leafSetIds()).as("a live neighbour answered the probe each hint caused; ring of 40, seed 73")
                .contains(b.id());
    }

    @Test
    void routingTableRows_shareTheirRowsDigits_andRttsComeFromTheNetworkModel() {
        TestRing ring = new TestRing(79, 300, NetworkModel.wideArea(0), OverlayConfig.defaults());
        ring.sim().runUntil(ring.sim().nowMs() + 120_000);
        String scenario = "ring of 300, seed 79, 2 min after convergence; " + Scenarios.replayTest(getClass(), "routingTableRows");
        for (SimNode n : List.of(ring.population.members().get(0), ring.population.members().get(150))) {
            Overlay o = n.overlay();
            List<List<NodeHandle>> rows = o.routingTableRows();
            int entries = 0;
            for (int row = 0; row < rows.size(); row++) {
                for (NodeHandle e : rows.get(row)) {
                    assertThat(n.self().id().prefixLength(e.id())).as("prefix of %s in row %d; %s", e, row, scenario)
                            .isEqualTo(row);
                    entries++;
                }
            }
            assertThat(rows).as("rows up to the last filled one; %s", scenario).hasSizeBetween(2, 4)
                    .last(InstanceOfAssertFactories.LIST).isNotEmpty();
            assertThat(o.routingTableSize()).as("routing-table size; %s", scenario).isEqualTo(entries)
                    .isGreaterThan(Id.RADIX);
            Map<NodeHandle, Long> rtts = o.neighbourRttsMicros();
            assertThat(rtts).as("neighbours with an RTT; %s", scenario).isNotEmpty();
            List<NodeHandle> known = new ArrayList<>(o.leafSetMembers());
            rows.forEach(known::addAll);
            assertThat(known).as("neighbours with an RTT are leaf-set or routing-table members; %s", scenario)
                    .containsAll(rtts.keySet());
            assertThat(rtts.values()).as("RTTs (us) within two one-way latencies of 5 to 165 ms; %s", scenario)
                    .allSatisfy(us -> assertThat(us).isBetween(10_000L, 330_000L));
        }
    }

    @Test
    void rowRequestOutOfRange_isAnsweredWithAnEmptyRow() {
        TestRing ring = new TestRing(83, 20, NetworkModel.wideArea(0), OverlayConfig.defaults());
        SimNode a = ring.population.members().get(0);
        SimNode b = ring.population.members().get(1);
        List<Message> answers = new ArrayList<>();
        ring.world.setFilter((from, to, msg) -> {
            if (from == a && to.equals(b.self()) && msg instanceof OverlayMessage.RowReply r) {
                answers.add(r);
            }
            return true;
        });
        b.send(a.self(), new OverlayMessage.RowRequest(Id.DIGITS));
        b.send(a.self(), new OverlayMessage.RowRequest(-1));
        b.send(a.self(), new OverlayMessage.RowRequest(0));
        ring.sim().runUntil(ring.sim().nowMs() + 1_000);

        assertThat(answers).as("answers to rows 40, -1 and 0, in order").hasSizeGreaterThanOrEqualTo(3);
        assertThat(answers).filteredOn(m -> ((OverlayMessage.RowReply) m).row() != 0).hasSize(2)
                .allSatisfy(m -> assertThat(((OverlayMessage.RowReply) m).nodes()).isEmpty());
        assertThat(answers).filteredOn(m -> ((OverlayMessage.RowReply) m).row() == 0)
                .allSatisfy(m -> assertThat(((OverlayMessage.RowReply) m).nodes()).isNotEmpty());
    }

    @Test
    void lifecycleMisuse_isRefused_andALeaveBeforeJoiningJustStops() {
        TestRing ring = new TestRing(89, 8, NetworkModel.wideArea(0), OverlayConfig.defaults());
        Overlay joined = ring.population.members().get(0).overlay();
        assertThatThrownBy(joined::create).isInstanceOf(IllegalStateException.class)
                .hasMessage("overlay is JOINED, expected IDLE");
        assertThatThrownBy(() -> joined.join(List.of(joined.self()))).isInstanceOf(IllegalStateException.class);

        SimNode fresh = ring.world.newNode();
        int[] sentByFresh = {0};
        ring.world.setFilter((from, to, msg) -> {
            if (from == fresh) {
                sentByFresh[0]++;
            }
            return true;
        });
        ring.world.boot(fresh, (env, stack) -> {
            Overlay o = new Overlay(env, OverlayConfig.defaults());
            stack.register(OverlayMessage.class, o);
            return new NodeSetup.Installed(o, null);
        });
        assertThatThrownBy(() -> fresh.overlay().join(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap");
        fresh.overlay().leave();
        assertThat(fresh.overlay().state()).isEqualTo(JoinState.LEFT);
        assertThat(fresh.overlay().isJoined()).isFalse();
        fresh.overlay().route(Id.sha1("anything"), new TestRing.TestLookup(0));
        ring.sim().runUntil(ring.sim().nowMs() + 60_000);
        assertThat(sentByFresh[0]).as("messages sent by a node that never joined and left").isZero();
    }
}

package org.vigne.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.testing.ManualEnv;

/**
 * Whatever a node hears, from whom and in what order (first-hand, second-hand, from a node that
 * restarted at another address, from one declared dead), the record a message's sender is found
 * by is that sender's own, current record: the shortcut through the predecessor's record, taken
 * before the peer map, never answers with a forgotten record or with another node's. The leaf
 * set takes every node heard first-hand that ranks in it, and holds only nodes heard first-hand
 * and not declared dead since (second-hand news never enters it directly). A new node heard of,
 * first- or second-hand, fills an empty routing-table slot, and the table holds only nodes heard
 * of and not declared dead since.
 */
class NeighbourhoodProperties {
    private static final NodeHandle SELF = new NodeHandle(Id.of(0x8000_0000_0000_0000L, 0, 0), "10.0.0.1", 4000);

    @Property(seed = "4242", tries = 200)
    void aSenderIsFoundByItsOwnCurrentRecord(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 99_999) Integer> ops) {
        // The neighbourhood reads the time; it draws nothing, sends nothing and sets no timer.
        ManualEnv clock = new ManualEnv(SELF, 1);
        clock.setNowMs(1);
        Neighbourhood hood = new Neighbourhood(clock, OverlayConfig.defaults(), p -> { });
        List<NodeHandle> pool = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            // Half the nodes close to this one on either side (leaf-set material), half anywhere.
            long hi = i % 2 == 0 ? SELF.id().hi() + (i - 12) * 0x1000L : i * 0x0B00_0000_0000_0000L;
            pool.add(new NodeHandle(Id.of(hi, i, i), "10.0.1." + i, 4000));
        }
        Set<Id> heard = new HashSet<>();
        Set<Id> named = new HashSet<>();
        Map<Id, Long> deadUntil = new HashMap<>();
        for (int op : ops) {
            clock.setNowMs(clock.nowMs() + 1 + op % 700);
            int k = op % pool.size();
            NodeHandle n = pool.get(k);
            switch (op / pool.size() % 8) {
                case 0, 1, 2 -> {
                    boolean ranks = hood.leafSet.wouldAccept(n.id());
                    boolean room = hood.table.hasRoom(n.id()) && hood.peer(n.id()) == null;
                    Peer p = hood.heardFrom(n);
                    assertThat(p).as("the answer is the sender's record, or null when none is kept").isSameAs(hood.peer(n.id()));
                    heard.add(n.id());
                    named.add(n.id());
                    deadUntil.remove(n.id());
                    if (ranks) {
                        assertThat(hood.leafSet.contains(n.id())).as("a node heard first-hand that ranks joins the leaf set").isTrue();
                    }
                    if (room) {
                        assertThat(hood.table.contains(n.id())).as("a new node heard first-hand fills an empty slot").isTrue();
                    }
                    if (p != null) {
                        assertThat(p.handle).isEqualTo(n);
                        assertThat(p.forgotten()).isFalse();
                        assertThat(hood.peer(n.id())).isSameAs(p);
                        assertThat(p.lastHeardMs).isEqualTo(clock.nowMs());
                        assertThat(hood.declaredDead(n.id())).as("a node kept on first-hand news is not held dead").isFalse();
                    }
                }
                case 3 -> {
                    boolean room = hood.table.hasRoom(n.id()) && !hood.declaredDead(n.id())
                            && hood.peer(n.id()) == null;
                    hood.heardOf(n);
                    Long until = deadUntil.get(n.id());
                    if (until == null || until <= clock.nowMs()) {
                        // Dead memory over (or never declared dead): second-hand news counts again.
                        named.add(n.id());
                    }
                    if (room) {
                        assertThat(hood.table.contains(n.id())).as("a new node named second-hand fills an empty slot").isTrue();
                    }
                }
                case 4 -> {
                    hood.declareDead(n.id());
                    heard.remove(n.id());
                    named.remove(n.id());
                    deadUntil.put(n.id(), clock.nowMs() + OverlayConfig.defaults().deadMemoryMs());
                    assertThat(hood.peer(n.id())).isNull();
                }
                case 5 -> {
                    NodeHandle pred = hood.leafSet.counterClockwise(0);
                    if (pred != null) {
                        assertThat(hood.predecessorRecord(pred)).isSameAs(hood.peer(pred.id()));
                    }
                }
                case 6 -> {
                    // The node restarted at another address: same id, new handle.
                    NodeHandle moved = new NodeHandle(n.id(), n.host(), n.port() + 1);
                    pool.set(k, moved);
                    Peer p = hood.heardFrom(moved);
                    heard.add(moved.id());
                    named.add(moved.id());
                    deadUntil.remove(moved.id());
                    if (p != null) {
                        assertThat(p.handle).isEqualTo(moved);
                        assertThat(hood.peer(moved.id())).isSameAs(p);
                    }
                }
                default -> hood.expire();
            }
            for (NodeHandle m : hood.leafSet.members()) {
                assertThat(heard).as("the leaf set holds only nodes heard first-hand and not declared dead since")
                        .contains(m.id());
                assertThat(hood.peer(m.id())).as("a leaf-set member has a record").isNotNull();
            }
            for (NodeHandle m : hood.table.all()) {
                assertThat(named).as("the table holds only nodes heard of and not declared dead since").contains(m.id());
                assertThat(hood.peer(m.id())).as("a table entry has a record").isNotNull();
            }
        }
    }
}

package org.vigne.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.testing.ManualEnv;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Member;
import org.vigne.gcs.raft.Snapshot;

/**
 * The node leases answer like a plain model of them: per node, when it was last heard, how many
 * groups grant it a lease, which followers here watch it and whether it fell silent. The model
 * keeps no slots, no cached bound and no last-looked-up peer, which is where the real one can go
 * wrong: followers woken twice, or never, for one lapse, a node heard again that stays silent, a
 * lease kept after its last grant was revoked.
 */
class NodeLeasesTest {
    private static final long SILENT_TICKS = 8;
    /** More nodes than the watched slots first allocated, so they grow. */
    private static final int NODES = 12;
    private static final int REPLICAS = 6;

    /** What the model knows of one node. */
    private static final class Known {
        long heard = -1;
        int grants;
        final List<GroupReplica> watchers = new ArrayList<>();
        boolean silent;
    }

    @Property(seed = "7152", tries = 400)
    void answersLikeAModel(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 9_999) Integer> ops) {
        GcsContext ctx = new GcsContext(new ManualEnv(new NodeHandle(Id.sha1("clock"), "test", 1), 1), null, GcsConfig.defaults());
        List<NodeHandle> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            // Two handle objects per node: lookups by another object of the same node find the same state.
            nodes.add(new NodeHandle(Id.of(0, 0, i + 1), "10.0.0." + i, 4000));
        }
        List<GroupReplica> replicas = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            replicas.add(replica(ctx, i));
        }
        NodeLeases leases = ctx.leases;
        Map<Id, Known> model = new LinkedHashMap<>();
        List<Id> watchedOrder = new ArrayList<>();
        long tick = 0;
        // The lapse bound may lag below the first lapse (hearing from a node only delays it) but is
        // exact once recomputed: when a reset is pending, or when nothing moved since the last scan.
        boolean pending = true;
        boolean stale = false;
        for (int op : ops) {
            NodeHandle handle = nodes.get(op % NODES);
            NodeHandle n = op / NODES % 2 == 0 ? handle : new NodeHandle(handle.id(), handle.host(), handle.port());
            GroupReplica g = replicas.get(op / 10 % REPLICAS);
            Known k = model.get(n.id());
            switch (op / 60 % 8) {
                case 0 -> tick += op / 480 % 4;
                case 1 -> {
                    leases.heard(n, tick, 1);
                    if (k != null) {
                        pending |= k.silent;
                        stale |= !k.watchers.isEmpty();
                        k.heard = tick;
                        k.silent = false;
                    }
                }
                case 2 -> {
                    leases.grant(n);
                    known(model, n).grants++;
                }
                case 3 -> {
                    leases.revoke(n);
                    if (k != null && k.grants > 0) {
                        k.grants--;
                    }
                }
                case 4 -> {
                    long heardTick = Math.max(-1, tick - op / 480 % 12);
                    LeasePeer p = leases.watch(n, g, heardTick);
                    assertThat(p.handle.id()).isEqualTo(n.id());
                    k = known(model, n);
                    if (heardTick > k.heard && !k.silent) {
                        k.heard = heardTick;
                        stale = true;
                    }
                    if (k.watchers.isEmpty()) {
                        watchedOrder.add(n.id());
                        pending = true;
                    }
                    k.watchers.add(g);
                }
                case 5 -> {
                    leases.unwatch(n, g);
                    if (k != null && k.watchers.remove(g) && k.watchers.isEmpty()) {
                        watchedOrder.remove(n.id());
                        stale = true;
                    }
                }
                default -> {
                    long bound = leases.nextLapse(SILENT_TICKS);
                    if (pending || !stale) {
                        assertThat(bound).as("the bound, recomputed").isEqualTo(nextLapse(model, watchedOrder));
                    } else {
                        assertThat(bound).as("no lapse before the bound").isLessThanOrEqualTo(nextLapse(model, watchedOrder));
                    }
                    pending = false;
                    stale &= tick < bound;
                    List<GroupReplica> woken = new ArrayList<>();
                    for (Id id : watchedOrder) {
                        Known w = model.get(id);
                        if (!w.silent && tick - w.heard >= SILENT_TICKS) {
                            w.silent = true;
                            woken.addAll(w.watchers);
                        }
                    }
                    assertThat(leases.lapsed(tick, SILENT_TICKS)).as("woken at tick %d", tick).containsExactlyElementsOf(woken);
                }
            }
            for (NodeHandle m : nodes) {
                Known km = model.get(m.id());
                assertThat(leases.lastHeard(m)).as("last heard of %s", m).isEqualTo(km == null ? -1 : km.heard);
                assertThat(leases.isSilent(m)).as("silent: %s", m).isEqualTo(km != null && km.silent);
            }
            assertThat(leases.granting()).isEqualTo(model.values().stream().anyMatch(x -> x.grants > 0));
            leases.sendLeases(ctx.beats);
            for (Map.Entry<Id, Known> e : model.entrySet()) {
                LeasePeer p = leases.peer(nodes.get(e.getKey().lo() - 1));
                assertThat(p.lease).as("a lease goes to %s", e.getKey()).isEqualTo(e.getValue().grants > 0);
                p.lease = false;
            }
        }
    }

    private static Known known(Map<Id, Known> model, NodeHandle n) {
        return model.computeIfAbsent(n.id(), id -> new Known());
    }

    /** The first tick at which a watched node not yet silent lapses, or never. */
    private static long nextLapse(Map<Id, Known> model, List<Id> watchedOrder) {
        long next = Long.MAX_VALUE;
        for (Id id : watchedOrder) {
            Known w = model.get(id);
            if (!w.silent) {
                next = Math.min(next, w.heard + SILENT_TICKS);
            }
        }
        return next;
    }

    /**
     * Only a message from a node's replicas (an incarnation) renews its lease; the first one from
     * another incarnation of a watched node reports its restart, once; a peer first tracked while a
     * message from it is handled starts with that message's incarnation, so a restart right after
     * is still seen.
     */
    @Test
    void onlyReplicaTrafficRenews_andANewIncarnationOfAWatchedNodeIsReportedOnce() {
        GcsContext ctx = new GcsContext(new ManualEnv(new NodeHandle(Id.sha1("clock"), "test", 1), 1), null, GcsConfig.defaults());
        NodeLeases leases = ctx.leases;
        NodeHandle leader = new NodeHandle(Id.of(0, 0, 1), "10.0.0.1", 4000);
        GroupReplica follower = replica(ctx, 0);

        assertThat(leases.heard(leader, 3, 11)).as("not tracked yet").isFalse();
        leases.watch(leader, follower, 3);
        assertThat(leases.lastHeard(leader)).isEqualTo(3);
        assertThat(leases.heard(leader, 5, 0)).as("a command passed on, not from a replica").isFalse();
        assertThat(leases.lastHeard(leader)).as("not renewed by it").isEqualTo(3);
        assertThat(leases.heard(leader, 6, 12)).as("the first beat of a new incarnation, right after the watch began")
                .isTrue();
        assertThat(leases.lastHeard(leader)).isEqualTo(6);
        assertThat(leases.watchers(leader)).containsExactly(follower);
        assertThat(leases.heard(leader, 7, 12)).as("reported once").isFalse();
        assertThat(leases.heard(leader, 8, 14)).as("a second restart").isTrue();

        leases.unwatch(leader, follower);
        assertThat(leases.heard(leader, 9, 15)).as("nobody here watches it").isFalse();
    }

    private static GroupReplica replica(GcsContext ctx, int i) {
        Member self = new Member(ctx.self(), 1);
        Kind kind = new Kind("test", 3, group -> new GroupStateMachine() {
            @Override
            public Applied apply(long index, byte[] command) {
                return Applied.none();
            }

            @Override
            public byte[] snapshot() {
                return new byte[0];
            }

            @Override
            public void restore(byte[] snapshot) {
            }
        }, null, null);
        return new GroupReplica(new GroupId("test", Id.of(0, 1, i)), ctx, kind, 1, self,
                new Snapshot(0, 0, Configuration.of(List.of(self)), null));
    }
}

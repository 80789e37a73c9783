package org.vigne.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.overlay.KeyBasedRouting;
import org.vigne.overlay.OverlayApplication;

/**
 * The rules of a root's authority over its ranges, one by one, on one node whose ring is fixed:
 * a confirmation counts only if it answers the very digest asked in the current view epoch, any
 * view change withdraws every confirmation, and only a root whose other replicas all confirmed
 * may answer for a key it does not hold. The scenarios in the simulator show the rule at work;
 * these pin each guard (a late confirmation of an earlier digest must not make a root authoritative).
 */
class RangeAuthorityRulesTest {
    private static final int R = 3;
    private static final NodeHandle SELF = node("self");
    private static final NodeHandle P1 = node("p1");
    private static final NodeHandle P2 = node("p2");
    private static final NodeHandle FAR = node("far");

    /** A one-node world: the key's replica set is {@code replicas}, the leaf set {@code leaves}. */
    private static final class FixedRing implements KeyBasedRouting {
        final NodeHandle self;
        List<NodeHandle> replicas;
        final List<NodeHandle> leaves;

        FixedRing(NodeHandle self, List<NodeHandle> replicas, List<NodeHandle> leaves) {
            this.self = self;
            this.replicas = replicas;
            this.leaves = leaves;
        }

        @Override
        public NodeHandle self() {
            return self;
        }

        @Override
        public void route(Id key, Message payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<NodeHandle> replicaSet(Id key, int r) {
            return replicas.subList(0, Math.min(r, replicas.size()));
        }

        @Override
        public boolean coversKey(Id key) {
            return true;
        }

        @Override
        public boolean isRoot(Id key) {
            return replicas.get(0).equals(self);
        }

        @Override
        public List<NodeHandle> leafSetMembers() {
            return leaves;
        }

        @Override
        public boolean isJoined() {
            return true;
        }

        @Override
        public void suspect(NodeHandle node) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isSuspected(NodeHandle node) {
            return false;
        }

        @Override
        public void addApplication(OverlayApplication app) {
        }
    }

    private static NodeHandle node(String name) {
        return new NodeHandle(Id.sha1(name), "test", 1);
    }

    private static DhtContext context(NodeHandle self, FixedRing ring) {
        Env env = new Env() {
            private final SplittableRandom random = new SplittableRandom(1);

            @Override
            public NodeHandle self() {
                return self;
            }

            @Override
            public long nowMs() {
                return 0;
            }

            @Override
            public Timer schedule(long delayMs, Runnable action) {
                return () -> { };
            }

            @Override
            public RandomGenerator random() {
                return random;
            }

            @Override
            public void send(NodeHandle to, Message msg) {
            }
        };
        return new DhtContext(env, ring, DhtConfig.defaults());
    }

    private final FixedRing ring = new FixedRing(SELF, List.of(SELF, P1, P2), List.of(P1, P2, FAR));
    private final DhtContext ctx = context(SELF, ring);
    private final RangeAuthority authority = new RangeAuthority(ctx, R);
    private final Id key = Id.sha1("key");

    /** Two rounds in the same epoch: the second is steady, so its digests may ask. */
    private void steadyRound() {
        authority.startRound(List.of(P1, P2, FAR));
        authority.startRound(List.of(P1, P2, FAR));
    }

    private void confirm(NodeHandle peer) {
        assertThat(authority.ask(peer, 7, 3)).as("asks " + peer).isTrue();
        authority.onMatch(peer, 7, 3);
    }

    @Test
    void asksOnlyInARoundThatFollowsARoundWithoutViewChange() {
        authority.startRound(List.of(P1, P2));
        assertThat(authority.ask(P1, 7, 3)).as("first round: no round before it held still").isFalse();
        authority.startRound(List.of(P1, P2));
        assertThat(authority.ask(P1, 7, 3)).as("second round in the same epoch").isTrue();
        ctx.epoch++;
        authority.startRound(List.of(P1, P2));
        assertThat(authority.ask(P1, 7, 3)).as("the view changed since the last round").isFalse();
    }

    @Test
    void aRootWhoseOtherReplicasAllConfirmed_coversTheKey_untilTheViewChanges() {
        steadyRound();
        confirm(P1);
        assertThat(authority.covers(key)).as("one of two other replicas confirmed").isFalse();
        confirm(P2);
        assertThat(authority.covers(key)).as("both other replicas confirmed").isTrue();
        assertThat(authority.ask(P1, 7, 3)).as("a peer that confirmed in this epoch is not asked again").isFalse();
        ctx.epoch++;
        assertThat(authority.covers(key)).as("a view change withdraws every confirmation").isFalse();
    }

    @Test
    void aRootCoversAllItsRanges_onlyOnceEveryNodeSharingItsKeysConfirmed() {
        steadyRound();
        confirm(P1);
        confirm(P2);
        assertThat(authority.covers(key)).as("the key's other replicas confirmed").isTrue();
        assertThat(authority.coversAll()).as("FAR, within r - 1 of this root, shares other keys and did not confirm")
                .isFalse();
        confirm(FAR);
        assertThat(authority.coversAll()).as("every node within r - 1 on each side confirmed").isTrue();
        ctx.epoch++;
        assertThat(authority.coversAll()).as("a view change withdraws every confirmation").isFalse();
    }

    @Test
    void aConfirmationOfAnotherDigest_doesNotCount() {
        steadyRound();
        confirm(P1);
        assertThat(authority.ask(P2, 7, 3)).isTrue();
        authority.onMatch(P2, 8, 3);
        assertThat(authority.covers(key)).as("P2 matched a digest of another hash").isFalse();
        authority.onMatch(P2, 7, 4);
        assertThat(authority.covers(key)).as("P2 matched a digest of another key count").isFalse();
        authority.onMatch(P2, 7, 3);
        assertThat(authority.covers(key)).as("P2 matched the digest asked").isTrue();
    }

    @Test
    void aConfirmationArrivingAfterAViewChange_doesNotCount() {
        steadyRound();
        assertThat(authority.ask(P1, 7, 3)).isTrue();
        assertThat(authority.ask(P2, 7, 3)).isTrue();
        ctx.epoch++;
        authority.onMatch(P1, 7, 3);
        authority.onMatch(P2, 7, 3);
        assertThat(authority.covers(key)).as("the confirmations answer a digest of the previous epoch").isFalse();
        authority.startRound(List.of(P1, P2, FAR));
        assertThat(authority.ask(P2, 7, 3)).as("the round after the change is not steady").isFalse();
    }

    @Test
    void aMatchNobodyAskedFor_doesNotCount() {
        steadyRound();
        confirm(P1);
        authority.onMatch(P2, 7, 3);
        assertThat(authority.covers(key)).isFalse();
    }

    @Test
    void aNodeThatIsNotTheRoot_neverCovers() {
        steadyRound();
        confirm(P1);
        confirm(P2);
        ring.replicas = List.of(P1, SELF, P2);
        assertThat(authority.covers(key)).as("P1 is the root").isFalse();
        ring.replicas = List.of();
        assertThat(authority.covers(key)).as("no replica set").isFalse();
    }

    @Test
    void aRoundForgetsThePeersItNoLongerAsks() {
        steadyRound();
        confirm(P1);
        confirm(P2);
        authority.startRound(List.of(P1, FAR));
        assertThat(authority.covers(key)).as("P2 forgotten, though the epoch did not change").isFalse();
        assertThat(authority.ask(P2, 7, 3)).as("a forgotten peer is asked again").isTrue();
        assertThat(authority.ask(P1, 7, 3)).as("a remembered confirmation holds").isFalse();
    }

    @Test
    void nodesThatSeeTheSameNeighbourhood_computeTheSameViewHash() {
        List<NodeHandle> all = new ArrayList<>(List.of(SELF, P1, P2, FAR, node("q1"), node("q2")));
        all.sort(Comparator.comparing(NodeHandle::id));
        NodeHandle center = all.get(2);
        long expected = 0;
        for (NodeHandle viewer : all) {
            List<NodeHandle> others = new ArrayList<>(all);
            others.remove(viewer);
            RangeAuthority a = new RangeAuthority(context(viewer, new FixedRing(viewer, List.of(viewer), others)), R);
            long h = a.viewHash(center.id());
            if (expected == 0) {
                expected = h;
            }
            assertThat(h).as("view hash of %s seen by %s", center, viewer).isEqualTo(expected).isNotZero();
        }
        List<NodeHandle> fewer = new ArrayList<>(all);
        fewer.remove(center);
        fewer.remove(all.get(3));
        RangeAuthority missingNeighbour = new RangeAuthority(context(center, new FixedRing(center, List.of(center), fewer)), R);
        assertThat(missingNeighbour.viewHash(center.id())).as("a viewer that misses one of the center's neighbours")
                .isNotEqualTo(expected);
        NodeHandle viewer = all.get(0);
        List<NodeHandle> without = new ArrayList<>(all);
        without.remove(center);
        without.remove(viewer);
        assertThat(new RangeAuthority(context(viewer, new FixedRing(viewer, List.of(viewer), without)), R).viewHash(center.id()))
                .as("a viewer that does not see the center").isZero();
    }
}

package org.vigne.gcs;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.raft.Configuration;
import org.vigne.gcs.raft.Member;

/**
 * The leader's next step toward making its group's members the key's replica set, one member at a
 * time (paper, Sect. 5: the DHT says which nodes should hold the replicas, group communication
 * moves them). In order: stop catching up learners that are no longer wanted; remove voters the
 * overlay declared dead or that lost their replica (never wait for them); promote a learner that
 * has caught up; start catching up a wanted node; remove a voter that is no longer wanted once
 * every wanted node is a voter (handing leadership over first if it is the leader itself); and,
 * with nothing else to do, hand leadership to the key's root, where submits arrive. The target
 * passed in holds no node the overlay declared dead.
 */
final class MembershipPlanner {
    /** One step. */
    sealed interface Step {
    }

    record None() implements Step {
    }

    record AddLearner(NodeHandle node) implements Step {
    }

    record DropLearner(Member member) implements Step {
    }

    record Promote(Member member) implements Step {
    }

    record Remove(Member member) implements Step {
    }

    record Transfer(Member to) implements Step {
    }

    /** What the leader knows when it plans. */
    record View(Member self, Configuration conf, Collection<Member> learners, List<NodeHandle> target,
                Predicate<Member> gone, ToLongFunction<Member> match, long committed, boolean canChange,
                boolean mayTransfer) {
    }

    private MembershipPlanner() {
    }

    static Step next(View v) {
        for (Member l : v.learners()) {
            if (v.gone().test(l) || !wanted(v.target(), l.node().id()) || v.conf().contains(l)) {
                return new DropLearner(l);
            }
        }
        if (v.target().isEmpty()) {
            return new None();
        }
        if (v.canChange()) {
            for (Member m : v.conf().voters()) {
                if (!m.equals(v.self()) && v.gone().test(m) && v.conf().voters().size() > 1) {
                    return new Remove(m);
                }
            }
            for (Member l : v.learners()) {
                if (v.match().applyAsLong(l) >= v.committed()) {
                    return new Promote(l);
                }
            }
        }
        if (v.learners().isEmpty()) {
            for (NodeHandle n : v.target()) {
                if (v.conf().memberOn(n.id()) == null) {
                    return new AddLearner(n);
                }
            }
        }
        if (v.canChange() && allWantedAreVoters(v)) {
            for (Member m : v.conf().voters()) {
                if (!wanted(v.target(), m.node().id())) {
                    return m.equals(v.self()) ? transferTo(v) : new Remove(m);
                }
            }
        }
        if (v.mayTransfer() && !v.target().get(0).id().equals(v.self().node().id())) {
            Member root = v.conf().memberOn(v.target().get(0).id());
            if (root != null && !v.gone().test(root) && v.match().applyAsLong(root) >= v.committed()) {
                return new Transfer(root);
            }
        }
        return new None();
    }

    private static Step transferTo(View v) {
        for (NodeHandle n : v.target()) {
            Member m = v.conf().memberOn(n.id());
            if (m != null && !m.equals(v.self()) && !v.gone().test(m) && v.match().applyAsLong(m) >= v.committed()) {
                return new Transfer(m);
            }
        }
        return new None();
    }

    private static boolean allWantedAreVoters(View v) {
        for (NodeHandle n : v.target()) {
            if (v.conf().memberOn(n.id()) == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean wanted(List<NodeHandle> target, Id node) {
        for (NodeHandle n : target) {
            if (n.id().equals(node)) {
                return true;
            }
        }
        return false;
    }
}

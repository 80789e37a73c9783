package org.vigne.sim.dht;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtHandler;

/**
 * Invariant checker of the {@link DhtHandler} contract, one per node incarnation: replica-set
 * changes chain (each old set is the previous new set, the first old set and the last new set are
 * empty, never old = new); root gains and losses alternate starting with a gain; a gain comes right
 * after the change that puts this node at the head of the set, a loss right before the change
 * that takes it away. Violations are collected, not thrown, so a scenario can report them all
 * with its seed.
 */
final class HandlerContractChecker implements DhtHandler {
    private final NodeHandle self;
    private final String where;
    private final List<String> violations;
    private final Map<Id, List<NodeHandle>> current = new HashMap<>();
    private final Map<Id, Boolean> root = new HashMap<>();
    private final Set<Id> expectGain = new HashSet<>();
    private final Set<Id> expectChange = new HashSet<>();
    long setChanges;
    long gains;
    long losses;

    HandlerContractChecker(NodeHandle self, String where, List<String> violations) {
        this.self = self;
        this.where = where;
        this.violations = violations;
    }

    @Override
    public void replicaSetChanged(Id key, List<NodeHandle> oldSet, List<NodeHandle> newSet) {
        setChanges++;
        boolean headIsSelf = headedBySelf(newSet);
        if (expectGain.remove(key)) {
            fail(key, "rootGained missing after the change that put this node at the head");
        }
        if (expectChange.remove(key) && headIsSelf) {
            fail(key, "rootLost was not followed by a change removing this node from the head");
        }
        List<NodeHandle> known = current.getOrDefault(key, List.of());
        if (!known.equals(oldSet)) {
            fail(key, "old set " + oldSet + " is not the previous new set " + known);
        }
        if (oldSet.equals(newSet)) {
            fail(key, "a change from a set to itself: " + newSet);
        }
        boolean isRoot = root.getOrDefault(key, false);
        if (isRoot && !headIsSelf) {
            fail(key, "this node is root but the new set " + newSet + " is not headed by it (rootLost missing before)");
        }
        if (!isRoot && headIsSelf) {
            expectGain.add(key);
        }
        if (newSet.isEmpty()) {
            current.remove(key);
        } else {
            current.put(key, List.copyOf(newSet));
        }
    }

    @Override
    public void rootGained(Id key) {
        gains++;
        if (root.getOrDefault(key, false)) {
            fail(key, "rootGained twice");
        }
        if (!expectGain.remove(key)) {
            fail(key, "rootGained not right after a change that put this node at the head; latest set "
                    + current.getOrDefault(key, List.of()));
        }
        root.put(key, true);
    }

    @Override
    public void rootLost(Id key) {
        losses++;
        if (!root.getOrDefault(key, false)) {
            fail(key, "rootLost without rootGained");
        }
        if (!headedBySelf(current.getOrDefault(key, List.of()))) {
            fail(key, "rootLost while the latest set is not headed by this node");
        }
        if (expectGain.contains(key) || expectChange.contains(key)) {
            fail(key, "rootLost in the middle of another change");
        }
        root.put(key, false);
        expectChange.add(key);
    }

    /** Calls that must follow and never came (checked once the run is over). */
    void checkComplete() {
        for (Id key : expectGain) {
            fail(key, "rootGained never came after the change that put this node at the head");
        }
        for (Id key : expectChange) {
            fail(key, "no change followed rootLost");
        }
    }

    private boolean headedBySelf(List<NodeHandle> set) {
        return !set.isEmpty() && set.get(0).id().equals(self.id());
    }

    /** Keys this node was last told it holds, with the set it was last told. */
    Map<Id, List<NodeHandle>> held() {
        return current;
    }

    boolean isRoot(Id key) {
        return root.getOrDefault(key, false);
    }

    private void fail(Id key, String what) {
        if (violations.size() < 50) {
            violations.add(where + " key " + key.shortString() + ": " + what);
        }
    }

    static List<String> newLog() {
        return new ArrayList<>();
    }
}

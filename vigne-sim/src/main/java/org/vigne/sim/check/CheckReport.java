package org.vigne.sim.check;

import java.util.List;

/** The checker's answer for a whole history: one result per object, in object-name order. */
public record CheckReport(List<ObjectResult> objects) {

    public CheckReport {
        objects = List.copyOf(objects);
    }

    /** Whether every object's history was found linearizable (false if any is unknown). */
    public boolean linearizable() {
        return objects.stream().allMatch(r -> r.verdict() == ObjectResult.Verdict.LINEARIZABLE);
    }

    /** How many objects have a history that is not linearizable. */
    public int violations() {
        return count(ObjectResult.Verdict.NOT_LINEARIZABLE);
    }

    /** How many objects the search gave up on (step limit). */
    public int unknown() {
        return count(ObjectResult.Verdict.UNKNOWN);
    }

    /** Operations checked, over all objects. */
    public long operations() {
        return objects.stream().mapToLong(ObjectResult::operations).sum();
    }

    /** Search effort, over all objects. */
    public long steps() {
        return objects.stream().mapToLong(ObjectResult::steps).sum();
    }

    /** One line per object, with the explanation of each violation. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (ObjectResult r : objects) {
            b.append(r.describe()).append('\n');
        }
        return b.toString();
    }

    private int count(ObjectResult.Verdict v) {
        return (int) objects.stream().filter(r -> r.verdict() == v).count();
    }
}

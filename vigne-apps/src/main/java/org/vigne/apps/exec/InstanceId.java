package org.vigne.apps.exec;

import org.vigne.apps.spec.Names;

/**
 * The identity of one component instance, the same everywhere (executor reports, log commands,
 * sandboxes, stored files): the application, the component's index, and the incarnation the
 * manager gave this run. A restart is a new incarnation; a report that carries an older one is
 * stale and ignored (fencing), so no component completes twice.
 */
public record InstanceId(String appId, int component, int incarnation) implements Comparable<InstanceId> {
    public InstanceId {
        Names.requireAppId(appId);
        if (component < 0 || incarnation < 0) {
            throw new IllegalArgumentException("component and incarnation are non-negative, got " + component + " and "
                    + incarnation);
        }
    }

    /** The same component, another incarnation. */
    public InstanceId withIncarnation(int i) {
        return new InstanceId(appId, component, i);
    }

    /** True when {@code other} is an instance of the same component of the same application. */
    public boolean sameComponent(InstanceId other) {
        return appId.equals(other.appId) && component == other.component;
    }

    @Override
    public int compareTo(InstanceId o) {
        int c = appId.compareTo(o.appId);
        if (c == 0) {
            c = Integer.compare(component, o.component);
        }
        return c != 0 ? c : Integer.compare(incarnation, o.incarnation);
    }

    /** {@code app/c3.i2}: usable as a relative path (sandboxes, stored outputs). */
    public String path() {
        return appId + "/c" + component + ".i" + incarnation;
    }

    @Override
    public String toString() {
        return appId + "#" + component + "." + incarnation;
    }
}

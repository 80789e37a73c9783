package org.vigne.apps.manager;

import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vigne.apps.spec.FaultPolicy;
import org.vigne.apps.spec.RestartLimits;

/**
 * Turns an application's {@link FaultPolicy} into a {@link Decision} for each failure: the
 * built-in policies (none, restart, checkpoint-restart) here, custom ones through
 * {@link CustomPolicy}. Deterministic: the same failure gives the same decision on every replica.
 *
 * <p>Built-in rules. A failure of the component's own (exit code, failure to start) counts
 * toward {@code maxRestarts} (per component, or for the whole application with scope
 * {@code application}) and waits the policy's backoff; the loss of its node is not the
 * component's fault: it restarts at once and counts apart, up to {@link #MAX_NODE_LOSSES}.
 */
final class Policies {
    /** Restarts after node losses one component (or application) may have before the policy gives up. */
    static final int MAX_NODE_LOSSES = 1000;

    private final FaultPolicy policy;
    private CustomPolicy custom;
    private String customProblem = "";

    Policies(FaultPolicy policy) {
        this.policy = policy;
        if (policy instanceof FaultPolicy.Custom c) {
            load(c.className());
        }
    }

    private void load(String className) {
        try {
            for (ServiceLoader.Provider<CustomPolicy> p : ServiceLoader.load(CustomPolicy.class).stream().toList()) {
                if (p.type().getName().equals(className)) {
                    custom = p.get();
                    return;
                }
            }
            customProblem = "custom policy " + className + " not found on this node (no ServiceLoader provider)";
        } catch (RuntimeException | java.util.ServiceConfigurationError e) {
            customProblem = "custom policy " + className + " could not be loaded: " + e.getMessage();
        }
    }

    SortedMap<String, String> parameters() {
        return policy instanceof FaultPolicy.Custom c ? c.parameters() : new TreeMap<>();
    }

    /**
     * The decision for {@code f}; {@code count} is the number of the restart this would be (own
     * failures: restarts + 1; node losses: node losses + 1), counted at the policy's scope.
     */
    Decision decide(Failure f, int count) {
        if (policy instanceof FaultPolicy.None) {
            return new Decision.Fail(f.detail());
        }
        if (policy instanceof FaultPolicy.Restart r) {
            return restart(f, count, r.scope(), r.limits(), false);
        }
        if (policy instanceof FaultPolicy.CheckpointRestart c) {
            return restart(f, count, c.scope(), c.limits(), true);
        }
        return custom(f);
    }

    private static Decision restart(Failure f, int count, FaultPolicy.Scope scope, RestartLimits limits,
                                    boolean fromCheckpoint) {
        long backoff;
        if (f.cause() == Failure.Cause.COMPONENT) {
            if (count > limits.maxRestarts()) {
                return new Decision.Fail(f.detail() + "; gave up after " + limits.maxRestarts() + " restart"
                        + (limits.maxRestarts() == 1 ? "" : "s"));
            }
            backoff = limits.backoffBeforeRestartMs(count);
        } else {
            if (count > MAX_NODE_LOSSES) {
                return new Decision.Fail(f.detail() + "; gave up after " + MAX_NODE_LOSSES + " node losses");
            }
            backoff = 0;
        }
        return scope == FaultPolicy.Scope.COMPONENT ? new Decision.RestartComponent(fromCheckpoint, backoff)
                : new Decision.RestartApplication(fromCheckpoint, backoff);
    }

    private Decision custom(Failure f) {
        if (custom == null) {
            return new Decision.Fail(customProblem);
        }
        try {
            Decision d = custom.decide(f);
            return d != null ? d : new Decision.Fail("custom policy returned no decision");
        } catch (RuntimeException e) {
            return new Decision.Fail("custom policy threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** True when restarts are counted for the application as a whole rather than per component. */
    boolean applicationScope() {
        return (policy instanceof FaultPolicy.Restart r && r.scope() == FaultPolicy.Scope.APPLICATION)
                || (policy instanceof FaultPolicy.CheckpointRestart c && c.scope() == FaultPolicy.Scope.APPLICATION);
    }
}

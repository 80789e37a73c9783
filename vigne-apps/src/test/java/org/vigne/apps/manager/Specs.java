package org.vigne.apps.manager;

import java.util.List;
import java.util.TreeMap;
import org.vigne.apps.spec.ApplicationSpec;
import org.vigne.apps.spec.ComponentSpec;
import org.vigne.apps.spec.Components;
import org.vigne.apps.spec.DataProtocol;
import org.vigne.apps.spec.FaultPolicy;
import org.vigne.apps.spec.RestartLimits;

/** Small specs for manager tests. */
final class Specs {
    private Specs() {
    }

    static ApplicationSpec of(int components, FaultPolicy policy) {
        return new ApplicationSpec("work", new Components.Replicated(components, ComponentSpec.of(List.of("sh", "run.sh"))),
                policy, DataProtocol.DYN);
    }

    static FaultPolicy restart(int max, long backoffMs) {
        return new FaultPolicy.Restart(FaultPolicy.Scope.COMPONENT, new RestartLimits(max, backoffMs, 60_000));
    }

    static FaultPolicy checkpoints(FaultPolicy.Scope scope) {
        return new FaultPolicy.CheckpointRestart(85, scope, new RestartLimits(3, 0, 0));
    }

    static FaultPolicy custom(String className) {
        return new FaultPolicy.Custom(className, new TreeMap<>(java.util.Map.of("keep", "yes")));
    }
}

package org.vigne.apps.spec;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an application manager does when a component fails or its node is lost (paper, Sect. 5,
 * "Application Fault-Tolerance Policies"). A spec names one; the manager enforces it.
 */
public sealed interface FaultPolicy permits FaultPolicy.None, FaultPolicy.Restart, FaultPolicy.CheckpointRestart,
        FaultPolicy.Custom {

    /** The spelling in specs: {@code none}, {@code restart}, {@code checkpoint-restart} or {@code custom}. */
    String type();

    /** What a restart starts again. */
    enum Scope {
        /** Only the component that failed. */
        COMPONENT,
        /** Every component of the application. */
        APPLICATION;

        /** The spelling in specs: {@code component} or {@code application}. */
        public String specName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The application fails at the first failure of any component. */
    record None() implements FaultPolicy {
        @Override
        public String type() {
            return "none";
        }
    }

    /** Start the failed component (or the whole application) again from zero, within {@code limits}. */
    record Restart(Scope scope, RestartLimits limits) implements FaultPolicy {
        public Restart {
            requireNonNull(scope, "scope");
            requireNonNull(limits, "");
        }

        @Override
        public String type() {
            return "restart";
        }
    }

    /**
     * Self-checkpointing, as in HTCondor: a component writes its state into
     * {@code VIGNE_CHECKPOINT_DIR} and exits with {@code checkpointExitCode}; the executor stores
     * the directory and runs the component on. A restart (of the component, or of the application
     * from its last coordinated round) restores the last committed checkpoint.
     */
    record CheckpointRestart(int checkpointExitCode, Scope scope, RestartLimits limits) implements FaultPolicy {
        /** The exit code HTCondor's documentation uses for self-checkpointing jobs. */
        public static final int DEFAULT_CHECKPOINT_EXIT_CODE = 85;

        public CheckpointRestart {
            if (checkpointExitCode < 1 || checkpointExitCode > 255) {
                throw new SpecException("checkpointExitCode", "must be between 1 and 255 (0 means success), got "
                        + checkpointExitCode);
            }
            requireNonNull(scope, "scope");
            requireNonNull(limits, "");
        }

        @Override
        public String type() {
            return "checkpoint-restart";
        }
    }

    /**
     * A user-defined policy: a Java class the nodes find with {@code ServiceLoader}, given these
     * parameters (sorted by name).
     */
    record Custom(String className, SortedMap<String, String> parameters) implements FaultPolicy {
        public Custom {
            Names.checkClassName("class", className);
            requireNonNull(parameters, "parameters");
            parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                if (e.getKey().isEmpty()) {
                    throw new SpecException("parameters", "names must not be empty");
                }
                Names.checkText("parameters." + e.getKey(), e.getKey());
                Names.checkText("parameters." + e.getKey(), e.getValue());
            }
        }

        @Override
        public String type() {
            return "custom";
        }
    }

    /** The policy that fails the application at the first failure. */
    static FaultPolicy none() {
        return new None();
    }

    /** Component restarts with the default limits. */
    static FaultPolicy restart() {
        return new Restart(Scope.COMPONENT, RestartLimits.defaults());
    }

    private static void requireNonNull(Object value, String field) {
        if (value == null) {
            throw new SpecException(field, "is required");
        }
    }
}

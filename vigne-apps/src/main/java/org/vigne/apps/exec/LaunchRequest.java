package org.vigne.apps.exec;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vigne.apps.files.FileSet;
import org.vigne.apps.spec.ComponentSpec;
import org.vigne.apps.spec.Names;

/**
 * Everything an {@link Executor} needs to run one component instance. The protocol fetched the
 * files from the files DHT; the executor only puts them on disk (or, in the simulator, reads
 * the modelled progress from the checkpoint).
 *
 * @param instance           which instance this is
 * @param argv               the command, run without a shell
 * @param env                variables added to the executor's own {@code VIGNE_*} ones
 * @param inputs             files placed in the sandbox before start, by sandbox path
 * @param checkpoint         the checkpoint to restore into {@code VIGNE_CHECKPOINT_DIR} (empty: start afresh)
 * @param checkpointExitCode the exit code meaning "checkpoint taken, run me on" (0: none)
 * @param outputGlobs        globs of the files collected when the instance exits
 */
public record LaunchRequest(InstanceId instance, List<String> argv, SortedMap<String, String> env, FileSet inputs,
                            FileSet checkpoint, int checkpointExitCode, List<String> outputGlobs) {
    public LaunchRequest {
        if (instance == null || inputs == null || checkpoint == null) {
            throw new IllegalArgumentException("a launch request needs an instance, inputs and a checkpoint (possibly empty)");
        }
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("a launch request needs a program");
        }
        env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
        for (String name : env.keySet()) {
            Names.checkEnvName("env." + name, name);
        }
        if (checkpointExitCode < 0 || checkpointExitCode > 255) {
            throw new IllegalArgumentException("checkpoint exit code must be 0 (none) to 255, got " + checkpointExitCode);
        }
        outputGlobs = List.copyOf(outputGlobs);
    }

    /** The request to run {@code component} as {@code instance}. */
    public static LaunchRequest of(InstanceId instance, ComponentSpec component, int checkpointExitCode, FileSet inputs,
                                   FileSet checkpoint) {
        return new LaunchRequest(instance, component.command(), component.env(), inputs, checkpoint, checkpointExitCode,
                component.outputs());
    }

    /** True when the instance starts from a checkpoint. */
    public boolean restoresCheckpoint() {
        return !checkpoint.isEmpty();
    }
}

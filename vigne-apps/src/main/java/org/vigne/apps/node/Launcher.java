package org.vigne.apps.node;

import java.util.Map;
import java.util.TreeMap;
import org.vigne.apps.exec.Executor;
import org.vigne.apps.exec.LaunchRequest;
import org.vigne.apps.files.FileName;
import org.vigne.apps.files.FileSet;
import org.vigne.apps.files.FileStore;
import org.vigne.apps.manager.EndKind;
import org.vigne.apps.manager.HostOrder;
import org.vigne.apps.spec.ApplicationSpec;
import org.vigne.apps.spec.ComponentSpec;
import org.vigne.apps.spec.InputFile;
import org.vigne.apps.spec.SpecCodec;

/**
 * Turns a launch order into a running instance: reads the component's spec from the order,
 * fetches its inputs and the checkpoint to restore from the files DHT (in parallel), then asks
 * the executor to launch it, unless the host agent says by then that it should not.
 */
final class Launcher {
    /** What a launch order asks for, or why it cannot be run. */
    record Plan(ApplicationSpec spec, ComponentSpec component, String problem) {
    }

    /** Asked once the files are in ({@code kind} null) or could not be had (why, as an end kind): true to launch. */
    interface Gate {
        boolean proceed(EndKind kind, String problem);
    }

    private final FileStore files;
    private final Executor executor;

    Launcher(FileStore files, Executor executor) {
        this.files = files;
        this.executor = executor;
    }

    static Plan plan(HostOrder.Launch l) {
        try {
            ApplicationSpec spec = SpecCodec.decode(l.spec());
            int c = l.instance().component();
            if (c >= spec.components().count()) {
                return new Plan(spec, null, "no component " + c + " in the application's spec");
            }
            return new Plan(spec, spec.components().get(c), null);
        } catch (IllegalArgumentException e) {
            return new Plan(null, null, "unreadable spec in the launch order: " + e.getMessage());
        }
    }

    void fetchAndLaunch(HostOrder.Launch l, Plan p, Gate gate) {
        String appId = l.instance().appId();
        Map<String, byte[]> inputs = new TreeMap<>();
        FileSet[] checkpoint = {FileSet.empty()};
        String[] problem = {null};
        EndKind[] kind = {null};
        int[] left = {1};
        Runnable one = () -> {
            if (--left[0] == 0 && gate.proceed(kind[0], problem[0])) {
                launch(l, p, inputs, checkpoint[0], gate);
            }
        };
        for (InputFile in : p.component().inputs()) {
            String stored = l.inputs().get(in.source());
            if (stored == null) {
                kind[0] = EndKind.NODE_PROBLEM;
                problem[0] = "input " + in.source() + " was not stored with the application";
                continue;
            }
            left[0]++;
            files.get(new FileName(appId, stored), r -> {
                if (r.ok()) {
                    inputs.put(in.name(), r.value());
                } else if (problem[0] == null) {
                    kind[0] = EndKind.NODE_PROBLEM;
                    problem[0] = "could not fetch input " + in.source() + ": " + r.error();
                }
                one.run();
            });
        }
        if (!l.checkpoint().isEmpty()) {
            left[0]++;
            files.getFiles(new FileName(appId, l.checkpoint()), r -> {
                if (r.ok()) {
                    checkpoint[0] = r.value();
                } else if (problem[0] == null) {
                    kind[0] = EndKind.CHECKPOINT_UNAVAILABLE;
                    problem[0] = "could not fetch checkpoint " + l.checkpoint() + ": " + r.error();
                }
                one.run();
            });
        }
        one.run();
    }

    private void launch(HostOrder.Launch l, Plan p, Map<String, byte[]> inputs, FileSet checkpoint, Gate gate) {
        try {
            executor.launch(LaunchRequest.of(l.instance(), p.component(), p.spec().checkpointExitCode(),
                    FileSet.of(inputs), checkpoint));
        } catch (IllegalArgumentException | IllegalStateException e) {
            gate.proceed(EndKind.NODE_PROBLEM, "could not launch: " + e.getMessage());
        }
    }
}

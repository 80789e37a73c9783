package org.vigne.apps.node;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.exec.Outputs;
import org.vigne.apps.files.FileName;
import org.vigne.apps.files.FileStore;
import org.vigne.apps.manager.EndKind;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.core.NodeHandle;

/**
 * Stores what an instance left when it exited (its outputs after a success, the tails of its logs
 * always) in the files DHT, under names that carry its incarnation, and then makes the end
 * report that names them. Outputs that cannot be stored make the end a node problem: the manager
 * runs the component again elsewhere rather than commit outputs nobody can read.
 */
final class OutputStore {
    private final FileStore files;
    private final InstanceId id;
    private final int exitCode;
    private final Outputs outputs;
    private final NodeHandle self;
    private final LongSupplier clock;
    private final Consumer<ManagerCommand.Ended> done;
    private int left = 1;
    private String logsPath = "";
    private String outputsPath = "";
    private String storeProblem;

    OutputStore(FileStore files, InstanceId id, int exitCode, Outputs outputs, NodeHandle self, LongSupplier clock,
                Consumer<ManagerCommand.Ended> done) {
        this.files = files;
        this.id = id;
        this.exitCode = exitCode;
        this.outputs = outputs;
        this.self = self;
        this.clock = clock;
        this.done = done;
    }

    void start() {
        String suffix = "/c" + id.component() + ".i" + id.incarnation();
        if (!outputs.logs().isEmpty()) {
            left++;
            files.putFiles(new FileName(id.appId(), "logs" + suffix), outputs.logs(), r -> {
                logsPath = r.ok() ? "logs" + suffix : "";
                one();
            });
        }
        if (exitCode == 0 && outputs.ok()) {
            left++;
            files.putFiles(new FileName(id.appId(), "out" + suffix), outputs.files(), r -> {
                if (r.ok()) {
                    outputsPath = "out" + suffix;
                } else {
                    storeProblem = "could not store outputs: " + r.error();
                }
                one();
            });
        }
        one();
    }

    private void one() {
        if (--left > 0) {
            return;
        }
        EndKind kind = EndKind.EXITED;
        String detail = "";
        if (exitCode == 0 && !outputs.ok()) {
            kind = EndKind.OUTPUTS_REFUSED;
            detail = outputs.refusal();
        } else if (storeProblem != null) {
            kind = EndKind.NODE_PROBLEM;
            detail = storeProblem;
        }
        done.accept(new ManagerCommand.Ended(clock.getAsLong(), id.component(), id.incarnation(), self, kind, exitCode,
                detail, outputsPath, logsPath));
    }
}

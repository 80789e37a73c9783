package org.vigne.apps.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigne.apps.files.FileSet;

/**
 * An {@link ExecutorListener} that records every report in order and checks each instance's
 * history against the listener contract (one start or one failure to start, checkpoints numbered
 * from 1 between start and exit, outputs once after an exit of kind {@code EXITED}, nothing
 * after the end). For tests and experiments, with either executor; it may forward to another
 * listener.
 */
public final class ReportLog implements ExecutorListener {
    /** One report, as received. */
    public record Report(InstanceId instance, String kind, String detail, FileSet files) {
        @Override
        public String toString() {
            return instance + " " + kind + (detail.isEmpty() ? "" : " " + detail);
        }
    }

    private enum Phase { LAUNCHED, RUNNING, EXITED_AWAITING_OUTPUTS, ENDED }

    private final ExecutorListener next;
    private final List<Report> reports = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<InstanceId, Phase> phases = new HashMap<>();
    private final Map<InstanceId, Integer> checkpoints = new HashMap<>();

    public ReportLog() {
        this(null);
    }

    /** A log that forwards every report to {@code next} (may be null). */
    public ReportLog(ExecutorListener next) {
        this.next = next;
    }

    @Override
    public void started(InstanceId id) {
        record(id, "started", "", FileSet.empty(), Phase.LAUNCHED, Phase.RUNNING);
        if (next != null) {
            next.started(id);
        }
    }

    @Override
    public void failedToStart(InstanceId id, String reason) {
        record(id, "failedToStart", reason, FileSet.empty(), Phase.LAUNCHED, Phase.ENDED);
        if (next != null) {
            next.failedToStart(id, reason);
        }
    }

    @Override
    public void checkpointed(InstanceId id, int sequence, FileSet checkpoint) {
        int expected = checkpoints.merge(id, 1, Integer::sum);
        if (sequence != expected) {
            violations.add(id + ": checkpoint " + sequence + " where " + expected + " was due");
        }
        record(id, "checkpointed", Integer.toString(sequence), checkpoint, Phase.RUNNING, Phase.RUNNING);
        if (next != null) {
            next.checkpointed(id, sequence, checkpoint);
        }
    }

    @Override
    public void exited(InstanceId id, ExitStatus status) {
        Phase after = status.kind() == ExitStatus.Kind.EXITED ? Phase.EXITED_AWAITING_OUTPUTS : Phase.ENDED;
        record(id, "exited", status.toString(), FileSet.empty(), Phase.RUNNING, after);
        if (next != null) {
            next.exited(id, status);
        }
    }

    @Override
    public void outputsReady(InstanceId id, Outputs outputs) {
        record(id, "outputsReady", outputs.ok() ? "" : "refused: " + outputs.refusal(), outputs.files(),
                Phase.EXITED_AWAITING_OUTPUTS, Phase.ENDED);
        if (next != null) {
            next.outputsReady(id, outputs);
        }
    }

    private void record(InstanceId id, String kind, String detail, FileSet files, Phase expected, Phase after) {
        reports.add(new Report(id, kind, detail, files));
        Phase now = phases.getOrDefault(id, Phase.LAUNCHED);
        if (now != expected) {
            violations.add(id + ": " + kind + " while " + now.name().toLowerCase(java.util.Locale.ROOT));
        }
        phases.put(id, after);
    }

    /** Every report so far, in arrival order. */
    public List<Report> reports() {
        return reports;
    }

    /** The reports about {@code id}, as {@code kind} or {@code kind detail} strings. */
    public List<String> historyOf(InstanceId id) {
        List<String> out = new ArrayList<>();
        for (Report r : reports) {
            if (r.instance().equals(id)) {
                out.add(r.detail().isEmpty() ? r.kind() : r.kind() + " " + r.detail());
            }
        }
        return out;
    }

    /** The last report of {@code kind} about {@code id}, or null. */
    public Report last(InstanceId id, String kind) {
        for (int i = reports.size() - 1; i >= 0; i--) {
            Report r = reports.get(i);
            if (r.instance().equals(id) && r.kind().equals(kind)) {
                return r;
            }
        }
        return null;
    }

    /** True once {@code id} made its last report. */
    public boolean ended(InstanceId id) {
        return phases.get(id) == Phase.ENDED;
    }

    /** Breaches of the listener contract seen so far (empty when all is well). */
    public List<String> violations() {
        return violations;
    }
}

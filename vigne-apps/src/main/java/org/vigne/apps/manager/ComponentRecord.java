package org.vigne.apps.manager;

import java.util.Map;
import java.util.TreeMap;
import org.vigne.apps.codec.ByteReader;
import org.vigne.apps.codec.ByteWriter;
import org.vigne.apps.codec.Handles;
import org.vigne.apps.codec.MalformedException;
import org.vigne.apps.exec.InstanceId;
import org.vigne.core.NodeHandle;

/**
 * One component inside a manager's replicated state: its phase, its current incarnation and
 * node, its restarts, and its committed checkpoints. Mutated only by the manager's command
 * handlers; encoded whole in snapshots.
 */
final class ComponentRecord {
    final int index;
    ComponentPhase phase = ComponentPhase.PENDING;
    int incarnation;
    NodeHandle node;
    /** A pending component is not placed before this (restart backoff). */
    long notBeforeMs;
    long placedAtMs = -1;
    long startedAtMs = -1;
    /** Restarts after the component's own failures (bounded by the policy). */
    int restarts;
    /** Restarts after its node was lost (not the component's fault). */
    int nodeLosses;
    /** Checkpoints committed, counted across incarnations: the last one is checkpoint {@code checkpoints}. */
    int checkpoints;
    /** Stored paths of committed checkpoints by number (kept from the last committed round on). */
    final TreeMap<Integer, String> checkpointPaths = new TreeMap<>();
    /** The checkpoint the current incarnation restores, or empty. */
    String restoreFrom = "";
    int restoreNumber;
    String outputs = "";
    String logs = "";
    int exitCode = -1;
    /** The last failure, in one line. */
    String problem = "";
    /**
     * The lowest incarnation the next restart may take: raised when the manager is rebuilt, so an
     * incarnation number the lost history may have used never names a second run.
     */
    int incarnationFloor;
    /** Ends in a row caused by the node (not by a suspicion) since the component last started: they back off. */
    int nodeProblems;
    /** Launches in a row whose checkpoint could not be read. */
    int restoreFailures;

    ComponentRecord(int index) {
        this.index = index;
    }

    InstanceId instance(String appId) {
        return new InstanceId(appId, index, incarnation);
    }

    /**
     * After a rebuild, the lost history may have restarted this component with incarnations this
     * state does not know: later restarts start {@link #INCARNATION_GAP} above, and a pending
     * component is renumbered at once.
     */
    void fenceLostHistory() {
        if (phase.isFinal()) {
            return;
        }
        incarnationFloor = incarnation + INCARNATION_GAP;
        if (phase == ComponentPhase.PENDING) {
            incarnation = incarnationFloor;
        }
    }

    /** The incarnations a lost history may have used after the state a rebuild starts from. */
    static final int INCARNATION_GAP = 1000;

    /** The path of the last committed checkpoint, or empty. */
    String lastCheckpoint() {
        String p = checkpointPaths.get(checkpoints);
        return p == null ? "" : p;
    }

    void encode(ByteWriter w) {
        w.varInt(index).u8(phase.ordinal()).varInt(incarnation);
        Handles.write(w, node);
        w.varLong(notBeforeMs).varLong(placedAtMs + 1).varLong(startedAtMs + 1).varInt(restarts).varInt(nodeLosses)
                .varInt(checkpoints).varInt(checkpointPaths.size());
        for (Map.Entry<Integer, String> e : checkpointPaths.entrySet()) {
            w.varInt(e.getKey()).string(e.getValue());
        }
        w.string(restoreFrom).varInt(restoreNumber).string(outputs).string(logs).varLong(exitCode + 1L).string(problem)
                .varInt(incarnationFloor).varInt(nodeProblems).varInt(restoreFailures);
    }

    static ComponentRecord decode(ByteReader r) {
        ComponentRecord c = new ComponentRecord(r.varInt());
        int phase = r.u8();
        if (phase >= ComponentPhase.values().length) {
            throw new MalformedException("unknown component phase " + phase);
        }
        c.phase = ComponentPhase.values()[phase];
        c.incarnation = r.varInt();
        c.node = Handles.read(r);
        c.notBeforeMs = r.varLong();
        c.placedAtMs = r.varLong() - 1;
        c.startedAtMs = r.varLong() - 1;
        c.restarts = r.varInt();
        c.nodeLosses = r.varInt();
        c.checkpoints = r.varInt();
        int n = r.count();
        for (int i = 0; i < n; i++) {
            c.checkpointPaths.put(r.varInt(), r.string());
        }
        c.restoreFrom = r.string();
        c.restoreNumber = r.varInt();
        c.outputs = r.string();
        c.logs = r.string();
        c.exitCode = (int) (r.varLong() - 1);
        c.problem = r.string();
        c.incarnationFloor = r.varInt();
        c.nodeProblems = r.varInt();
        c.restoreFailures = r.varInt();
        return c;
    }
}

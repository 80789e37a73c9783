package org.vigne.sim.apps;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigne.apps.exec.InstanceId;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;
import org.vigne.sim.experiment.Stats;

/**
 * What modelled processes really did, measured from the executors' events and the simulated
 * nodes' lives: the work they executed (including what their host's crash or a kill threw away),
 * and, for each component whose host went down under it, the time from the host's end to the
 * component running again elsewhere (the restart delay).
 */
public final class WorkLedger implements ExecutionEvent.Observer {
    private static final class Run {
        final int nodeIndex;
        final int nodeIncarnation;
        final long startWork;
        long lastMs;
        long lastWork;
        boolean ended;

        Run(int nodeIndex, int nodeIncarnation, long startMs, long startWork) {
            this.nodeIndex = nodeIndex;
            this.nodeIncarnation = nodeIncarnation;
            this.startWork = startWork;
            this.lastMs = startMs;
            this.lastWork = startWork;
        }
    }

    private record Key(String appId, int component) {
    }

    private final SimWorld world;
    private final double speed;
    private final long workMs;
    private final Map<InstanceId, Run> runs = new LinkedHashMap<>();
    private final Map<Key, InstanceId> latest = new HashMap<>();
    private final Stats restartDelays = new Stats();
    private long executedMs;

    public WorkLedger(SimWorld world, double speed, long workMs) {
        this.world = world;
        this.speed = speed;
        this.workMs = workMs;
    }

    @Override
    public void event(ExecutionEvent e) {
        InstanceId id = e.instance();
        switch (e.type()) {
            case STARTED -> started(e);
            case CHECKPOINTED -> {
                Run r = runs.get(id);
                if (r != null) {
                    r.lastMs = e.timeMs();
                    r.lastWork = e.workDoneMs();
                }
            }
            case EXITED, KILLED -> {
                Run r = runs.get(id);
                if (r != null && !r.ended) {
                    r.ended = true;
                    r.lastWork = e.workDoneMs();
                    executedMs += Math.max(0, r.lastWork - r.startWork);
                }
            }
            default -> { }
        }
    }

    private void started(ExecutionEvent e) {
        SimNode node = world.node(e.node().port());
        Key k = new Key(e.instance().appId(), e.instance().component());
        InstanceId previous = latest.put(k, e.instance());
        if (previous != null) {
            Run p = runs.get(previous);
            long hostEnd = p == null || p.ended ? -1 : world.node(p.nodeIndex).endedAtMs(p.nodeIncarnation);
            if (hostEnd >= 0 && hostEnd <= e.timeMs()) {
                restartDelays.add(e.timeMs() - hostEnd);
            }
        }
        runs.put(e.instance(), new Run(node.index(), node.incarnation(), e.timeMs(), e.workDoneMs()));
    }

    /** Work executed by every instance by {@code nowMs}, in milliseconds at speed 1 (lost work included). */
    public long executedMs(long nowMs) {
        long total = executedMs;
        for (Run r : runs.values()) {
            if (!r.ended) {
                long end = world.node(r.nodeIndex).endedAtMs(r.nodeIncarnation);
                long until = end >= 0 ? end : nowMs;
                long done = r.lastWork + (long) (Math.max(0, until - r.lastMs) * speed);
                total += Math.max(0, Math.min(workMs, done) - r.startWork);
            }
        }
        return total;
    }

    /** Host end (crash or leave) to the component running again, in ms, one sample per such loss. */
    public Stats restartDelays() {
        return restartDelays;
    }
}

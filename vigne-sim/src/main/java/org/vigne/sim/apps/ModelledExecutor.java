package org.vigne.sim.apps;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vigne.apps.exec.ExecutorListener;
import org.vigne.apps.exec.ExitStatus;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.exec.LaunchRequest;
import org.vigne.apps.exec.Outputs;
import org.vigne.apps.files.FileSet;
import org.vigne.core.Env;
import org.vigne.core.Timer;

/**
 * The simulator's {@link org.vigne.apps.exec.Executor}: component processes as modelled work on
 * virtual time. A process has work to do (milliseconds at speed 1, from the experiment's
 * {@link ProcessModel}), runs at this node's speed, and, when its request has a checkpoint exit
 * code, checkpoints every period of work: it "exits" with a checkpoint holding its progress
 * (a file {@code progress}), and is run on after {@link Config#relaunchDelayMs()}. A process
 * restored from such a checkpoint resumes from its progress. It dies with its node: a crash drops
 * this object and silences its timers, so its instances just vanish, as real ones do.
 *
 * <p>Deterministic: everything goes through the node's {@link Env}.
 */
public final class ModelledExecutor implements org.vigne.apps.exec.Executor {
    /** The file of a modelled checkpoint: the work done, in milliseconds, as decimal text. */
    public static final String PROGRESS_FILE = "progress";

    /**
     * How a node runs modelled processes.
     *
     * @param speed           work done per millisecond (1 = reference speed)
     * @param startDelayMs    from launch to running (sandbox, inputs, exec)
     * @param relaunchDelayMs from a checkpoint exit to running again (storing the directory, exec)
     * @param collectDelayMs  from exit to outputs ready
     */
    public record Config(double speed, long startDelayMs, long relaunchDelayMs, long collectDelayMs) {
        public Config {
            if (!(speed > 0) || startDelayMs < 0 || relaunchDelayMs < 0 || collectDelayMs < 0) {
                throw new IllegalArgumentException("speed must be positive and delays non-negative");
            }
        }

        /** Speed 1, 200 ms to start, 100 ms to relaunch after a checkpoint, 50 ms to collect outputs. */
        public static Config defaults() {
            return new Config(1.0, 200, 100, 50);
        }
    }

    private enum State {
        /** Launched, its process not running yet. */
        STARTING,
        /** Doing work. */
        RUNNING,
        /** Exited with its checkpoint code; about to run on. */
        CHECKPOINTING
    }

    private static final class Instance {
        final LaunchRequest request;
        final ProcessModel.Plan plan;
        State state = State.STARTING;
        long progressMs;
        long segmentStartMs;
        Timer timer;
        int checkpoints;

        Instance(LaunchRequest request, ProcessModel.Plan plan) {
            this.request = request;
            this.plan = plan;
        }
    }

    private final Env env;
    private final Config config;
    private final ProcessModel model;
    private final ExecutionEvent.Observer observer;
    private final Map<InstanceId, Instance> instances = new TreeMap<>();
    private ExecutorListener listener;
    private long listenerErrors;

    public ModelledExecutor(Env env, Config config, ProcessModel model, ExecutionEvent.Observer observer) {
        this.env = env;
        this.config = config;
        this.model = model;
        this.observer = observer;
    }

    @Override
    public void setListener(ExecutorListener listener) {
        this.listener = listener;
    }

    @Override
    public void launch(LaunchRequest request) {
        InstanceId id = request.instance();
        if (instances.containsKey(id)) {
            throw new IllegalStateException(id + " is already active on " + env.self());
        }
        Instance i = new Instance(request, model.plan(request));
        instances.put(id, i);
        i.timer = env.schedule(config.startDelayMs(), () -> start(i));
    }

    private void start(Instance i) {
        InstanceId id = i.request.instance();
        if (i.plan instanceof ProcessModel.CannotStart c) {
            endBeforeStart(i, c.reason());
            return;
        }
        try {
            i.progressMs = restoredProgress(i.request.checkpoint());
        } catch (IllegalArgumentException e) {
            endBeforeStart(i, "unreadable checkpoint: " + e.getMessage());
            return;
        }
        i.state = State.RUNNING;
        observe(i, ExecutionEvent.Type.STARTED, "");
        report(() -> listener.started(id));
        runSegment(i);
    }

    private void runSegment(Instance i) {
        ProcessModel.Runs plan = (ProcessModel.Runs) i.plan;
        long period = i.request.checkpointExitCode() > 0 ? plan.checkpointEveryMs() : 0;
        long target = plan.workMs();
        boolean checkpoint = false;
        if (period > 0) {
            long next = (i.progressMs / period + 1) * period;
            if (next < plan.workMs()) {
                target = next;
                checkpoint = true;
            }
        }
        long work = Math.max(0, target - i.progressMs);
        long target0 = target;
        boolean checkpoint0 = checkpoint;
        i.segmentStartMs = env.nowMs();
        i.timer = env.schedule((long) Math.ceil(work / config.speed()), () -> reach(i, target0, checkpoint0));
    }

    private void reach(Instance i, long target, boolean checkpoint) {
        InstanceId id = i.request.instance();
        i.progressMs = target;
        if (checkpoint) {
            int seq = ++i.checkpoints;
            FileSet files = FileSet.of(PROGRESS_FILE, Long.toString(target).getBytes(StandardCharsets.US_ASCII));
            i.state = State.CHECKPOINTING;
            observe(i, ExecutionEvent.Type.CHECKPOINTED, Integer.toString(seq));
            report(() -> listener.checkpointed(id, seq, files));
            i.timer = env.schedule(config.relaunchDelayMs(), () -> {
                i.state = State.RUNNING;
                runSegment(i);
            });
            return;
        }
        int code = ((ProcessModel.Runs) i.plan).exitCode();
        instances.remove(id);
        observe(i, ExecutionEvent.Type.EXITED, Integer.toString(code));
        report(() -> listener.exited(id, ExitStatus.exited(code)));
        FileSet result = FileSet.of("result", (id + " did " + target + " ms of work\n").getBytes(StandardCharsets.UTF_8));
        env.schedule(config.collectDelayMs(), () -> report(() -> listener.outputsReady(id, Outputs.collected(result,
                FileSet.empty()))));
    }

    @Override
    public boolean kill(InstanceId id) {
        Instance i = instances.get(id);
        if (i == null) {
            return false;
        }
        i.timer.cancel();
        if (i.state == State.STARTING) {
            endBeforeStart(i, "killed before it started");
            return true;
        }
        if (i.state == State.RUNNING) {
            i.progressMs += (long) ((env.nowMs() - i.segmentStartMs) * config.speed());
        }
        instances.remove(id);
        observe(i, ExecutionEvent.Type.KILLED, "");
        env.schedule(0, () -> report(() -> listener.exited(id, ExitStatus.killed())));
        return true;
    }

    private void endBeforeStart(Instance i, String reason) {
        InstanceId id = i.request.instance();
        instances.remove(id);
        observe(i, ExecutionEvent.Type.FAILED_TO_START, reason);
        env.schedule(0, () -> report(() -> listener.failedToStart(id, reason)));
    }

    @Override
    public SortedSet<InstanceId> active() {
        return new TreeSet<>(instances.keySet());
    }

    @Override
    public void discard(InstanceId instance) {
        // A modelled process leaves no sandbox behind.
    }

    /** Exceptions thrown by the listener, counted and otherwise ignored. */
    public long listenerErrors() {
        return listenerErrors;
    }

    private static long restoredProgress(FileSet checkpoint) {
        if (checkpoint.isEmpty()) {
            return 0;
        }
        byte[] b = checkpoint.get(PROGRESS_FILE);
        if (b == null) {
            throw new IllegalArgumentException("no " + PROGRESS_FILE + " file");
        }
        try {
            return Long.parseLong(new String(b, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROGRESS_FILE + " is not a number");
        }
    }

    private void observe(Instance i, ExecutionEvent.Type type, String detail) {
        observer.event(new ExecutionEvent(env.nowMs(), env.self(), i.request.instance(), type, i.progressMs, detail));
    }

    private void report(Runnable call) {
        if (listener == null) {
            return;
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            listenerErrors++;
        }
    }
}

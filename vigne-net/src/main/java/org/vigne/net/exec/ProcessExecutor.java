package org.vigne.net.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigne.apps.exec.Executor;
import org.vigne.apps.exec.ExecutorListener;
import org.vigne.apps.exec.ExitStatus;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.exec.LaunchRequest;
import org.vigne.apps.exec.Outputs;
import org.vigne.apps.files.FileSet;
import org.vigne.net.data.ObjectsSnapshot;
import org.vigne.net.sync.SyncSnapshot;

/**
 * The real runtime's {@link Executor}: each instance is an OS process in a {@link Sandbox} under
 * the node's data dir, with stdout and stderr in files and the environment of the README
 * ({@code VIGNE_APP}, {@code VIGNE_COMPONENT}, {@code VIGNE_INCARNATION},
 * {@code VIGNE_CHECKPOINT_DIR}, {@code VIGNE_NODE}, {@code VIGNE_TOKEN}), and the node's own
 * {@code vigne} command first on the {@code PATH} ({@link VigneLauncher}).
 *
 * <p>Threads: the {@link Executor} methods run on the node's event loop and only record and hand
 * over; writing the sandbox, starting processes, waiting for them and reading what they leave
 * happen on this executor's own threads, whose results are posted to the loop as listener calls.
 * A process that exits with its checkpoint exit code has its checkpoint directory read and
 * reported, and is started again in the same sandbox (HTCondor's self-checkpointing). A kill
 * destroys the whole process tree. Every component runs in a process group of its own, which a
 * {@link ComponentGuard} kills when the component's process ends (what it left in the background)
 * and if the node dies without closing this executor (kill -9).
 */
public final class ProcessExecutor implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessExecutor.class);

    private final java.util.concurrent.Executor loop;
    private final Path root;
    private final AppTokens tokens;
    private final Supplier<String> nodeAddress;
    private final ExecutorSettings settings;
    /** Where this node's {@code vigne} command is, first on components' PATH; null when the node has none. */
    private volatile Path bin;
    private final ExecutorService io;
    private final Map<InstanceId, RunningInstance> active = new ConcurrentHashMap<>();
    private volatile ExecutorListener listener;
    /** Takes the shared objects' part of a checkpoint (the node's data service); null: checkpoints hold none. */
    private volatile Function<String, CompletableFuture<byte[]>> objectsCapture;
    /** Takes the semaphores' part of a checkpoint (the node's sync desk); null: checkpoints hold none. */
    private volatile Function<InstanceId, CompletableFuture<byte[]>> syncCapture;
    /** How long a checkpoint waits for its shared objects' values before it is refused. */
    static final long CAPTURE_TIMEOUT_MS = 30_000;
    private volatile boolean closed;
    /** Kills the components' process groups if this node dies without closing them; null where unavailable. */
    private final ComponentGuard guard;

    private ProcessExecutor(java.util.concurrent.Executor loop, Path root, AppTokens tokens, Supplier<String> nodeAddress,
                            ExecutorSettings settings) {
        this.loop = loop;
        this.root = root;
        this.tokens = tokens;
        this.nodeAddress = nodeAddress;
        this.settings = settings;
        this.guard = ComponentGuard.start().orElse(null);
        AtomicInteger n = new AtomicInteger();
        this.io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vigne-exec-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * An executor keeping its sandboxes under {@code root}, posting reports through {@code loop}
     * (the node's event loop). Blocking: it first kills what a previous run of the node left
     * running and deletes that run's sandboxes, whose instances the managers have restarted elsewhere.
     *
     * @param nodeAddress the node's control API address, given to components as {@code VIGNE_NODE}
     */
    public static ProcessExecutor start(java.util.concurrent.Executor loop, Path root, AppTokens tokens,
                                        Supplier<String> nodeAddress, ExecutorSettings settings) throws IOException {
        int reaped = ProcessTree.reap(root);
        if (reaped > 0) {
            LOG.warn("killed {} component processes left by a previous run of this node", reaped);
        }
        LocalFiles.deleteTree(root);
        java.nio.file.Files.createDirectories(root);
        ProcessExecutor e = new ProcessExecutor(loop, root, tokens, nodeAddress, settings);
        List<String> vigne = VigneLauncher.ofThisJvm();
        if (!vigne.isEmpty()) {
            e.bin = root.resolve(".bin");
            VigneLauncher.write(e.bin, vigne);
        }
        return e;
    }

    @Override
    public void setListener(ExecutorListener l) {
        this.listener = l;
    }

    @Override
    public void launch(LaunchRequest request) {
        InstanceId id = request.instance();
        RunningInstance r = new RunningInstance(request, Sandbox.of(root, id));
        if (active.putIfAbsent(id, r) != null) {
            throw new IllegalStateException(id + " is already active on this node");
        }
        io.execute(() -> prepareAndStart(r));
    }

    @Override
    public boolean kill(InstanceId id) {
        RunningInstance r = active.get(id);
        if (r == null) {
            return false;
        }
        Process p = r.markKilled();
        if (p != null) {
            io.execute(() -> ProcessTree.destroy(p.toHandle()));
        }
        return true;
    }

    @Override
    public SortedSet<InstanceId> active() {
        return new TreeSet<>(active.keySet());
    }

    @Override
    public void discard(InstanceId id) {
        if (!active.containsKey(id)) {
            Sandbox s = Sandbox.of(root, id);
            io.execute(() -> {
                try {
                    LocalFiles.deleteTree(s.dir());
                } catch (IOException e) {
                    LOG.warn("cannot delete the sandbox of {}: {}", id, e.toString());
                }
            });
        }
    }

    @Override
    public void readLog(InstanceId id, boolean stderr, long offset, int maxBytes,
                        java.util.function.Consumer<byte[]> done) {
        Sandbox s = Sandbox.of(root, id);
        io.execute(() -> {
            byte[] b;
            try {
                b = LocalFiles.readRange(stderr ? s.stderr() : s.stdout(), offset, maxBytes);
            } catch (IOException e) {
                b = null;
            }
            byte[] read = b;
            if (!closed) {
                loop.execute(() -> done.accept(read));
            }
        });
    }

    /** Kills every instance's process tree and stops this executor's threads; nothing more is reported. */
    @Override
    public void close() {
        closed = true;
        for (RunningInstance r : active.values()) {
            Process p = r.markKilled();
            if (p != null) {
                ProcessTree.destroy(p.toHandle());
            }
        }
        io.shutdownNow();
        try {
            io.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (guard != null) {
            guard.close();
        }
    }

    // ---- on this executor's threads -------------------------------------------------------------

    private void prepareAndStart(RunningInstance r) {
        LaunchRequest req = r.request;
        try {
            r.sandbox.create();
            LocalFiles.writeTree(r.sandbox.work(), req.inputs());
            LocalFiles.writeTree(r.sandbox.checkpoint(), strip(req.checkpoint()));
        } catch (IOException | RuntimeException e) {
            endBeforeStart(r, "cannot prepare the sandbox: " + e.getMessage());
            return;
        }
        if (r.killed()) {
            endBeforeStart(r, "killed before it started");
            return;
        }
        Process p;
        try {
            p = startProcess(r);
        } catch (IOException e) {
            endBeforeStart(r, StartErrors.describe(req.argv().get(0), e));
            return;
        }
        boolean killedWhileStarting = !r.attach(p);
        post(l -> l.started(req.instance()));
        watch(r, p);
        if (killedWhileStarting) {
            // The kill came while the process was being started: it may have run already (a child
            // started, a file written), so it is reported started, then killed, as a kill a moment
            // later would be (it once read "killed before it started" after the process had run).
            ProcessTree.destroy(p.toHandle());
        }
    }

    private Process startProcess(RunningInstance r) throws IOException {
        LaunchRequest req = r.request;
        ProcessBuilder pb = new ProcessBuilder().directory(r.sandbox.work().toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(r.sandbox.stdout().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(r.sandbox.stderr().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        Map<String, String> inherited = new TreeMap<>();
        for (String name : settings.inheritedEnv()) {
            String v = env.get(name);
            if (v != null) {
                inherited.put(name, v);
            }
        }
        env.clear();
        env.putAll(inherited);
        env.putAll(req.env());
        env.putAll(vigneEnvironment(r));
        Path vigne = bin;
        if (vigne != null) {
            String path = env.get("PATH");
            env.put("PATH", vigne.toAbsolutePath() + (path == null || path.isEmpty() ? ":/usr/local/bin:/usr/bin:/bin" : ":" + path));
        }
        if (guard == null) {
            pb.command(req.argv());
        } else {
            Optional<String> why = StartErrors.unstartable(req.argv().get(0), r.sandbox.work(), env.get("PATH"));
            if (why.isPresent()) {
                throw new StartErrors.Unstartable(why.get());
            }
            pb.command(guard.wrap(req.argv()));
        }
        Process p = pb.start();
        if (guard != null) {
            guard.watch(p.pid());
        }
        try {
            ProcessTree.record(p, r.sandbox.pidFile());
        } catch (IOException e) {
            LOG.warn("cannot record the pid of {}: {}", req.instance(), e.toString());
        }
        return p;
    }

    /** The variables every component gets from its node. */
    private Map<String, String> vigneEnvironment(RunningInstance r) {
        InstanceId id = r.request.instance();
        Map<String, String> env = new TreeMap<>();
        env.put("VIGNE_APP", id.appId());
        env.put("VIGNE_COMPONENT", Integer.toString(id.component()));
        env.put("VIGNE_INCARNATION", Integer.toString(id.incarnation()));
        env.put("VIGNE_CHECKPOINT_DIR", r.sandbox.checkpoint().toAbsolutePath().toString());
        env.put("VIGNE_NODE", nodeAddress.get());
        env.put("VIGNE_TOKEN", tokens.tokenFor(id.appId()));
        env.put("TMPDIR", r.sandbox.tmp().toAbsolutePath().toString());
        return env;
    }

    private void watch(RunningInstance r, Process p) {
        p.onExit().thenRunAsync(() -> exited(r, p), io);
    }

    private void exited(RunningInstance r, Process p) {
        if (guard != null) {
            guard.end(p.pid());
        }
        LaunchRequest req = r.request;
        int code = p.exitValue();
        if (r.killed()) {
            end(r, ExitStatus.killed());
        } else if (req.checkpointExitCode() > 0 && code == req.checkpointExitCode()) {
            checkpointAndRunOn(r);
        } else {
            end(r, ExitStatus.exited(code));
            Outputs outputs = collectOutputs(r);
            post(l -> l.outputsReady(req.instance(), outputs));
        }
    }

    /**
     * {@code vigne checkpoint}: the running instance asks for its checkpoint directory to be taken
     * now, and goes on running. The directory is read off the event loop and reported as the
     * instance's next checkpoint, as after an exit with the checkpoint code. The future gets the
     * checkpoint's sequence number, or fails with the reason (not running here, too large, unreadable).
     */
    public java.util.concurrent.CompletableFuture<Integer> checkpointNow(InstanceId id) {
        java.util.concurrent.CompletableFuture<Integer> result = new java.util.concurrent.CompletableFuture<>();
        RunningInstance r = active.get(id);
        if (r == null || r.killed()) {
            result.completeExceptionally(new IllegalStateException(id + " does not run on this node"));
            return result;
        }
        io.execute(() -> {
            try {
                FileSet files = withObjects(id, LocalFiles.readTree(r.sandbox.checkpoint(), settings.maxCheckpointBytes()));
                int seq = r.nextCheckpoint();
                post(l -> l.checkpointed(id, seq, files));
                result.complete(seq);
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(new IllegalStateException("checkpoint of " + id + " refused: "
                        + e.getMessage(), e));
            }
        });
        return result;
    }

    /**
     * From now on every checkpoint holds the values of its application's shared objects, taken by
     * {@code capture} (application id to encoded {@link ObjectsSnapshot}) before the checkpoint
     * directory is read, while the component waits; a capture that fails refuses the checkpoint.
     */
    public void captureObjectsWith(Function<String, CompletableFuture<byte[]>> capture) {
        this.objectsCapture = capture;
    }

    /**
     * From now on every checkpoint holds the semaphores' part too: {@code capture} answers the
     * encoded {@code SyncSnapshot} of an instance (or null when it holds none), taken while the
     * component waits; a capture that fails refuses the checkpoint.
     */
    public void captureSyncWith(Function<InstanceId, CompletableFuture<byte[]>> capture) {
        this.syncCapture = capture;
    }

    /** {@code files} with the shared objects' and semaphores' parts of {@code id}; on this executor's threads. */
    private FileSet withObjects(InstanceId id, FileSet files) throws IOException {
        Function<String, CompletableFuture<byte[]>> objects = objectsCapture;
        Function<InstanceId, CompletableFuture<byte[]>> sync = syncCapture;
        FileSet out = files;
        if (objects != null) {
            out = ObjectsSnapshot.decode(await(objects.apply(id.appId()), "the shared objects")).addTo(out);
        }
        byte[] semaphores = sync == null ? null : await(sync.apply(id), "the semaphores");
        return semaphores == null ? out : out.with(SyncSnapshot.PATH, semaphores);
    }

    private static byte[] await(CompletableFuture<byte[]> capture, String what) throws IOException {
        try {
            return capture.get(CAPTURE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + what, e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(what + " could not be read within " + CAPTURE_TIMEOUT_MS + " ms", e);
        }
    }

    /** A restored checkpoint without the parts the node added: what the component wrote. */
    private static FileSet strip(FileSet checkpoint) {
        return ObjectsSnapshot.strip(checkpoint).without(SyncSnapshot.PATH);
    }

    private void checkpointAndRunOn(RunningInstance r) {
        InstanceId id = r.request.instance();
        FileSet files;
        try {
            files = withObjects(id, LocalFiles.readTree(r.sandbox.checkpoint(), settings.maxCheckpointBytes()));
        } catch (LocalFiles.TooLargeException e) {
            end(r, ExitStatus.failed("checkpoint refused: " + e.getMessage()));
            return;
        } catch (IOException | RuntimeException e) {
            end(r, ExitStatus.failed("checkpoint unreadable: " + e.getMessage()));
            return;
        }
        int seq = r.nextCheckpoint();
        post(l -> l.checkpointed(id, seq, files));
        Process next;
        try {
            next = startProcess(r);
        } catch (IOException e) {
            end(r, ExitStatus.failed("restart after checkpoint " + seq + " failed: "
                    + StartErrors.describe(r.request.argv().get(0), e)));
            return;
        }
        if (!r.attach(next)) {
            ProcessTree.destroy(next.toHandle());
            if (guard != null) {
                guard.end(next.pid());
            }
            end(r, ExitStatus.killed());
            return;
        }
        watch(r, next);
    }

    private Outputs collectOutputs(RunningInstance r) {
        FileSet logs;
        try {
            TreeMap<String, byte[]> l = new TreeMap<>();
            l.put("stdout", LocalFiles.tail(r.sandbox.stdout(), Outputs.LOG_TAIL_BYTES));
            l.put("stderr", LocalFiles.tail(r.sandbox.stderr(), Outputs.LOG_TAIL_BYTES));
            logs = FileSet.of(l);
        } catch (IOException e) {
            logs = FileSet.empty();
        }
        try {
            return Outputs.collected(LocalFiles.collect(r.sandbox.work(), r.request.outputGlobs(), settings.maxOutputBytes()),
                    logs);
        } catch (LocalFiles.TooLargeException e) {
            return Outputs.refused("outputs refused: " + e.getMessage(), logs);
        } catch (IOException | RuntimeException e) {
            return Outputs.refused("outputs unreadable: " + e.getMessage(), logs);
        }
    }

    private void endBeforeStart(RunningInstance r, String reason) {
        InstanceId id = r.request.instance();
        lastReport(id, l -> l.failedToStart(id, reason));
    }

    private void end(RunningInstance r, ExitStatus status) {
        InstanceId id = r.request.instance();
        lastReport(id, l -> l.exited(id, status));
    }

    /** Posts the report that ends {@code id}'s activity; the instance stops being active as it is made. */
    private void lastReport(InstanceId id, java.util.function.Consumer<ExecutorListener> report) {
        post(l -> {
            active.remove(id);
            report.accept(l);
        }, () -> active.remove(id));
    }

    private void post(java.util.function.Consumer<ExecutorListener> report) {
        post(report, () -> { });
    }

    /** Runs {@code report} on the loop with the listener ({@code withoutListener} when there is none). */
    private void post(java.util.function.Consumer<ExecutorListener> report, Runnable withoutListener) {
        if (closed) {
            return;
        }
        loop.execute(() -> {
            ExecutorListener l = listener;
            if (l == null) {
                withoutListener.run();
                return;
            }
            try {
                report.accept(l);
            } catch (RuntimeException e) {
                LOG.error("executor listener failed", e);
            }
        });
    }
}

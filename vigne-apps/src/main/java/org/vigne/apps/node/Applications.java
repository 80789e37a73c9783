package org.vigne.apps.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.files.FileName;
import org.vigne.apps.files.FileSet;
import org.vigne.apps.files.FileStore;
import org.vigne.apps.manager.AppStatus;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.manager.CommandCodec;
import org.vigne.apps.manager.ComponentPhase;
import org.vigne.apps.manager.ComponentStatus;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.apps.manager.ManagerEvent;
import org.vigne.apps.manager.ManagerReply;
import org.vigne.apps.node.ApiResult.Status;
import org.vigne.apps.spec.ApplicationSpec;
import org.vigne.apps.spec.ComponentSpec;
import org.vigne.apps.spec.InputFile;
import org.vigne.apps.spec.Names;
import org.vigne.apps.spec.SpecCodec;
import org.vigne.core.Env;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtResult;
import org.vigne.gcs.GcsService;
import org.vigne.gcs.SubmitResult;

/**
 * The node-side service API of application management: what the control API, the CLI and tools
 * call (submit, list, status, events, logs, output, kill, rm). Every call is asynchronous: it must
 * be made on the node's event loop, returns at once, and completes its callback exactly once,
 * later, on the event loop. Reads and changes go through the application's manager (its group's
 * log), so an answer reflects every command committed before it; only {@link #list} reads the
 * managers' snapshots instead (a few seconds old at most).
 */
public final class Applications {
    /** Attempts at finding a fresh application id when one is taken. */
    private static final int ID_ATTEMPTS = 3;

    private final Env env;
    private final GcsService gcs;
    private final FileStore files;
    private final Dht snapshots;
    private final AppIndex index;
    private final SnapshotKeeper keeper;
    private final LogReader logReader;

    Applications(Env env, GcsService gcs, FileStore files, Dht snapshots, AppIndex index, SnapshotKeeper keeper) {
        this.env = env;
        this.gcs = gcs;
        this.files = files;
        this.snapshots = snapshots;
        this.index = index;
        this.keeper = keeper;
        this.logReader = new LogReader(env, files);
    }

    /**
     * Submits {@code spec}, whose input files are given by their {@code source} as written in the
     * spec (the caller read them from the submitter's disk). The inputs are stored in the files
     * DHT, then the application's manager is created with the submission as its first command;
     * {@code done} gets the new application id once the manager accepted it (then the
     * application will reach a final state), or why not: {@code REFUSED} for a missing input or a
     * spec the manager rejects, {@code UNAVAILABLE} when the grid did not answer (nothing
     * acknowledged: submit again).
     */
    public void submit(ApplicationSpec spec, Map<String, byte[]> inputs, Consumer<ApiResult<String>> done) {
        TreeSet<String> sources = new TreeSet<>();
        for (ComponentSpec c : spec.components().all()) {
            for (InputFile in : c.inputs()) {
                if (!inputs.containsKey(in.source())) {
                    later(done, ApiResult.failure(Status.REFUSED, "input " + in.source() + ": file not given"));
                    return;
                }
                sources.add(in.source());
            }
        }
        submitAs(spec, inputs, new ArrayList<>(sources), ID_ATTEMPTS, done);
    }

    private void submitAs(ApplicationSpec spec, Map<String, byte[]> inputs, List<String> sources, int attempts,
                          Consumer<ApiResult<String>> done) {
        String appId = spec.name() + "-" + String.format("%08x", env.random().nextInt());
        SortedMap<String, String> stored = new TreeMap<>();
        int[] left = {sources.size() + 1};
        String[] problem = {null};
        Runnable one = () -> {
            if (--left[0] > 0) {
                return;
            }
            if (problem[0] != null) {
                files.removeApplication(appId, r -> { });
                done.accept(ApiResult.failure(Status.UNAVAILABLE, problem[0]));
            } else {
                create(spec, appId, stored, inputs, sources, attempts, done);
            }
        };
        for (int i = 0; i < sources.size(); i++) {
            String source = sources.get(i);
            String path = "in/" + i;
            stored.put(source, path);
            files.put(new FileName(appId, path), inputs.get(source), r -> {
                if (!r.ok() && problem[0] == null) {
                    problem[0] = "could not store input " + source + ": " + r.error();
                }
                one.run();
            });
        }
        one.run();
    }

    private void create(ApplicationSpec spec, String appId, SortedMap<String, String> stored,
                        Map<String, byte[]> inputs, List<String> sources, int attempts, Consumer<ApiResult<String>> done) {
        byte[] command = CommandCodec.encode(new ManagerCommand.Submit(env.nowMs(), appId, SpecCodec.encode(spec), stored,
                env.self()));
        gcs.createGroup(ApplicationManager.groupOf(appId), command, r -> {
            if (r.status() == SubmitResult.Status.EXISTS && attempts > 1) {
                submitAs(spec, inputs, sources, attempts - 1, done);
                return;
            }
            ManagerReply reply = r.ok() ? decode(r.result()) : null;
            if (reply != null && reply.accepted()) {
                index.add(appId, ok -> { });
                done.accept(ApiResult.ok(appId));
            } else if (reply != null) {
                done.accept(ApiResult.failure(Status.REFUSED, reply.message()));
            } else {
                confirm(appId, "the application's manager did not answer: "
                        + r.status().name().toLowerCase(java.util.Locale.ROOT) + " " + r.error(), done);
            }
        });
    }

    /**
     * The creation's answer was lost or late: the id is random, so a manager that holds this id
     * holds this submission, and the submission is acknowledged after all.
     */
    private void confirm(String appId, String why, Consumer<ApiResult<String>> done) {
        status(appId, s -> {
            if (s.ok()) {
                index.add(appId, ok -> { });
                done.accept(ApiResult.ok(appId));
            } else {
                done.accept(ApiResult.failure(Status.UNAVAILABLE, why));
            }
        });
    }

    /** The indexed applications with their status as of their manager's last snapshot, sorted by id. */
    public void list(Consumer<ApiResult<List<AppStatus>>> done) {
        index.list(ids -> {
            if (ids == null) {
                done.accept(ApiResult.failure(Status.UNAVAILABLE, "the application index could not be read"));
                return;
            }
            AppStatus[] found = new AppStatus[ids.size()];
            int[] left = {ids.size() + 1};
            Runnable one = () -> {
                if (--left[0] == 0) {
                    List<AppStatus> out = new ArrayList<>();
                    for (AppStatus s : found) {
                        if (s != null && !s.removed()) {
                            out.add(s);
                        }
                    }
                    done.accept(ApiResult.ok(out));
                }
            };
            for (int i = 0; i < ids.size(); i++) {
                int k = i;
                snapshots.get(SnapshotKeeper.snapshotKey(ids.get(i)), r -> {
                    found[k] = r.ok() ? ApplicationManager.statusOfSnapshot(r.value()) : null;
                    one.run();
                });
            }
            one.run();
        });
    }

    /** The application's status: state, each component's node, incarnation, restarts and last checkpoint. */
    public void status(String appId, Consumer<ApiResult<AppStatus>> done) {
        ask(appId, new ManagerCommand.Query(env.nowMs()), reply -> reply.status() == null
                ? ApiResult.failure(Status.UNAVAILABLE, reply.message()) : ApiResult.ok(reply.status()), done);
    }

    /** The manager's event log (its most recent {@code ManagerState.MAX_EVENTS} events), oldest first. */
    public void events(String appId, Consumer<ApiResult<List<ManagerEvent>>> done) {
        status(appId, r -> done.accept(r.ok() ? ApiResult.ok(r.value().events()) : ApiResult.failure(r.status(), r.error())));
    }

    /**
     * Up to 64 KiB of {@code component}'s stdout (or stderr) from {@code offset}, read from the node
     * running its current incarnation, or from the logs stored when it ended; see {@link LogText}.
     */
    public void readLog(String appId, int component, boolean stderr, long offset, Consumer<ApiResult<LogText>> done) {
        status(appId, r -> {
            if (!r.ok()) {
                done.accept(ApiResult.failure(r.status(), r.error()));
            } else if (component < 0 || component >= r.value().components().size() || offset < 0) {
                done.accept(ApiResult.failure(Status.REFUSED, offset < 0 ? "offset must not be negative, got " + offset
                        : "application " + appId + " has components 0 to " + (r.value().components().size() - 1)
                        + ", not " + component));
            } else {
                logReader.read(r.value(), component, stderr, offset, done);
            }
        });
    }

    void onLogChunk(AppsMessage.LogChunk chunk) {
        logReader.onChunk(chunk);
    }

    /** Where the logs of {@code component}'s current or last incarnation are. */
    public void logs(String appId, int component, Consumer<ApiResult<LogsLocation>> done) {
        status(appId, r -> {
            if (!r.ok()) {
                done.accept(ApiResult.failure(r.status(), r.error()));
            } else if (component < 0 || component >= r.value().components().size()) {
                done.accept(ApiResult.failure(Status.REFUSED, "application " + appId + " has components 0 to "
                        + (r.value().components().size() - 1) + ", not " + component));
            } else {
                ComponentStatus c = r.value().components().get(component);
                done.accept(ApiResult.ok(new LogsLocation(appId, component, c.incarnation(), c.node(), c.nodeId(),
                        new InstanceId(appId, component, c.incarnation()).path(), c.logs())));
            }
        });
    }

    /**
     * The committed outputs of every completed component, by component index (a component's files
     * by their path in its sandbox). Complete once the application is completed; {@code REFUSED}
     * when no component has completed.
     */
    public void output(String appId, Consumer<ApiResult<Map<Integer, FileSet>>> done) {
        status(appId, r -> {
            if (!r.ok()) {
                done.accept(ApiResult.failure(r.status(), r.error()));
                return;
            }
            List<ComponentStatus> completed = new ArrayList<>();
            for (ComponentStatus c : r.value().components()) {
                if (c.phase() == ComponentPhase.DONE && !c.outputs().isEmpty()) {
                    completed.add(c);
                }
            }
            if (completed.isEmpty()) {
                done.accept(ApiResult.failure(Status.REFUSED, "application " + appId + " is "
                        + r.value().state().spelling() + " and no component has completed yet"));
                return;
            }
            fetchOutputs(appId, completed, done);
        });
    }

    private void fetchOutputs(String appId, List<ComponentStatus> completed, Consumer<ApiResult<Map<Integer, FileSet>>> done) {
        Map<Integer, FileSet> out = new TreeMap<>();
        String[] problem = {null};
        int[] left = {completed.size()};
        for (ComponentStatus c : completed) {
            files.getFiles(new FileName(appId, c.outputs()), f -> {
                if (f.ok()) {
                    out.put(c.index(), f.value());
                } else if (problem[0] == null) {
                    problem[0] = "could not read the outputs of component " + c.index() + ": " + f.error();
                }
                if (--left[0] == 0) {
                    done.accept(problem[0] == null ? ApiResult.ok(out) : ApiResult.failure(Status.UNAVAILABLE, problem[0]));
                }
            });
        }
    }

    /** Kills the application (every instance is stopped); the answer is its status afterwards. */
    public void kill(String appId, Consumer<ApiResult<AppStatus>> done) {
        ask(appId, new ManagerCommand.Kill(env.nowMs(), "killed by the user"), reply -> ApiResult.ok(reply.status()), done);
    }

    /**
     * Removes a finished application and its files ({@code true}; {@code false} when it was
     * removed already); {@code REFUSED} while it runs.
     */
    public void remove(String appId, Consumer<ApiResult<Boolean>> done) {
        ask(appId, new ManagerCommand.Remove(env.nowMs()), reply -> {
            if (reply.code() == ManagerReply.Code.REFUSED) {
                return ApiResult.failure(Status.REFUSED, reply.message());
            }
            index.remove(appId, ok -> { });
            return ApiResult.ok(reply.accepted());
        }, done);
    }

    /** Sends {@code c} to the manager of {@code appId} and maps its reply; unknown ids and lost managers are told apart. */
    private <T> void ask(String appId, ManagerCommand c, java.util.function.Function<ManagerReply, ApiResult<T>> map,
                         Consumer<ApiResult<T>> done) {
        if (!Names.isAppId(appId)) {
            later(done, ApiResult.failure(Status.NOT_FOUND, "unknown application " + appId));
            return;
        }
        gcs.submit(ApplicationManager.groupOf(appId), CommandCodec.encode(c), r -> {
            if (r.ok()) {
                ManagerReply reply = decode(r.result());
                if (reply == null) {
                    done.accept(ApiResult.failure(Status.UNAVAILABLE, "unreadable answer from the manager"));
                } else if (reply.code() == ManagerReply.Code.UNKNOWN_APPLICATION) {
                    done.accept(ApiResult.failure(Status.NOT_FOUND, "unknown application " + appId));
                } else {
                    done.accept(map.apply(reply));
                }
            } else if (r.status() == SubmitResult.Status.NO_GROUP) {
                lostOrUnknown(appId, done);
            } else {
                done.accept(ApiResult.failure(Status.UNAVAILABLE, "the manager of " + appId + " did not answer: "
                        + r.error()));
            }
        });
    }

    private <T> void lostOrUnknown(String appId, Consumer<ApiResult<T>> done) {
        snapshots.get(SnapshotKeeper.snapshotKey(appId), s -> {
            if (s.ok()) {
                keeper.rebuild(appId, "a request found no live replica");
                done.accept(ApiResult.failure(Status.UNAVAILABLE, "the manager of " + appId
                        + " lost every replica and is being rebuilt from its snapshot: try again"));
            } else if (s.status() == DhtResult.Status.NOT_FOUND) {
                done.accept(ApiResult.failure(Status.NOT_FOUND, "unknown application " + appId));
            } else {
                done.accept(ApiResult.failure(Status.UNAVAILABLE, "the manager of " + appId + " is unreachable: "
                        + s.error()));
            }
        });
    }

    private static ManagerReply decode(byte[] result) {
        try {
            return ManagerReply.decode(result);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private <T> void later(Consumer<ApiResult<T>> done, ApiResult<T> r) {
        env.schedule(0, () -> done.accept(r));
    }
}

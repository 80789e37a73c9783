package org.vigne.apps.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.manager.CommandCodec;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.core.Id;
import org.vigne.core.Timer;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtHandler;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;

/**
 * "An application is never forgotten": managers' snapshots live in an ordinary DHT, and a group
 * that lost every member is created again from its snapshot, whose first command
 * ({@link ManagerCommand.Restore}) tells the manager, which logs it. Two things notice a lost
 * group: a submission from this node that finds no member ({@code groupGone}), and the root of a
 * snapshot key, which checks now and then that it hosts a replica of the key's manager (it is
 * the closest node to the key, so it is one of the group's members once the group has settled).
 * A group is rebuilt only once a query to it has been answered {@code NO_GROUP}.
 *
 * <p>Work-around: group communication decides a creation by a conditional write of the group's
 * descriptor in the managers' DHT, and that descriptor outlives a group that lost every member
 * (nodes that held it as replicas of the key keep it: group communication manages that DHT's
 * replication and never drops it), so a plain creation would answer "exists" forever. The keeper
 * removes the descriptor before creating the group again.
 */
final class SnapshotKeeper implements DhtHandler {
    /** Pause between two rebuild attempts of one group from this node. */
    private static final long RETRY_MS = 30_000;
    /** Audits in a row without a local replica before the root rebuilds. */
    private static final int STRIKES = 2;

    private final DriverContext ctx;
    private final Dht snapshots;
    private final Dht managers;
    private final Set<Id> rooted = new LinkedHashSet<>();
    private final Map<Id, Integer> strikes = new HashMap<>();
    private final Map<Id, Long> lastAttempt = new HashMap<>();
    private Timer auditTimer;
    private boolean stopped;

    SnapshotKeeper(DriverContext ctx, Dht snapshots, Dht managers) {
        this.ctx = ctx;
        this.snapshots = snapshots;
        this.managers = managers;
        snapshots.setHandler(this);
    }

    @Override
    public void rootGained(Id key) {
        rooted.add(key);
        if (auditTimer == null && !stopped) {
            auditTimer = ctx.env.schedule(ctx.config.auditEveryMs(), this::audit);
        }
    }

    @Override
    public void rootLost(Id key) {
        rooted.remove(key);
        strikes.remove(key);
    }

    private void audit() {
        auditTimer = null;
        for (Id key : new ArrayList<>(rooted)) {
            if (key.equals(AppIndex.bucketKeyOrNull(key))) {
                continue;
            }
            GroupId g = new GroupId(ApplicationManager.KIND, key);
            if (ctx.gcs.info(g) != null) {
                strikes.remove(key);
            } else if (strikes.merge(key, 1, Integer::sum) >= STRIKES) {
                strikes.remove(key);
                rebuild(key, "no replica of the manager at its snapshot's root");
            }
        }
        if (!rooted.isEmpty() && !stopped) {
            auditTimer = ctx.env.schedule(ctx.config.auditEveryMs(), this::audit);
        }
    }

    /** A submission from this node found no member of {@code group}. */
    void groupGone(GroupId group) {
        if (group.kind().equals(ApplicationManager.KIND)) {
            rebuild(group.key(), "a command found no live replica");
        }
    }

    /** Creates the manager of {@code key} again from its snapshot, if it has one and no attempt is recent. */
    void rebuild(Id key, String why) {
        long now = ctx.env.nowMs();
        Long last = lastAttempt.get(key);
        if (last != null && now - last < RETRY_MS) {
            return;
        }
        lastAttempt.put(key, now);
        if (lastAttempt.size() > 4096) {
            lastAttempt.clear();
        }
        snapshots.get(key, r -> {
            if (r.ok() && r.value() != null && r.value().length > 0) {
                confirmGone(key, r.value(), why);
            }
        });
    }

    /**
     * Asks the group a harmless query first: only a {@code NO_GROUP} answer (none of the key's
     * closest nodes hosts a replica, seen several times) lets the rebuild go on. Then the group's
     * stale descriptor is removed from the managers' DHT (it outlives the members: see the class
     * comment) and the group is created again from the snapshot.
     */
    private void confirmGone(Id key, byte[] snapshot, String why) {
        GroupId g = new GroupId(ApplicationManager.KIND, key);
        ctx.gcs.submit(g, CommandCodec.encode(new ManagerCommand.Query(ctx.env.nowMs())), probe -> {
            if (probe.status() != SubmitResult.Status.NO_GROUP) {
                return;
            }
            ctx.counters.rebuildsAttempted++;
            String reason = "every replica of the manager was lost (" + why + "); rebuilt from its last snapshot";
            byte[] command = CommandCodec.encode(new ManagerCommand.Restore(ctx.env.nowMs(), snapshot, reason));
            managers.remove(key, removed -> ctx.gcs.createGroup(g, command, res -> {
                if (res.status() == SubmitResult.Status.OK) {
                    ctx.counters.rebuildsDone++;
                }
            }));
        });
    }

    void stop() {
        stopped = true;
        if (auditTimer != null) {
            auditTimer.cancel();
        }
    }
}

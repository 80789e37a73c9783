package org.vigne.apps.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.vigne.apps.manager.AppStatus;
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
 * "An application is never forgotten": managers' snapshots live in an ordinary DHT under a key of
 * their own ({@link #snapshotKey}, so on other nodes than the manager's group: losing the group
 * does not lose its snapshot), and a group that lost every member is created again from its
 * snapshot, whose first command ({@link ManagerCommand.Restore}) tells the manager, which logs it.
 *
 * <p>Who notices. The root of each snapshot key audits its unfinished application now and then;
 * a node whose command to a manager found no member, and an API call that finds none, ask for a
 * rebuild at once. A rebuild goes on only once a query to the group is answered
 * {@code NO_GROUP} (none of the key's closest nodes hosts a replica, seen several times).
 *
 * <p>The group is created again with {@link org.vigne.gcs.GcsService#recreateGroup}: the group's
 * descriptor in the managers' DHT outlives a group that lost every member, so a plain creation
 * would answer "exists" forever.
 */
final class SnapshotKeeper implements DhtHandler {
    /** Pause between two rebuild attempts of one application from this node. */
    private static final long RETRY_MS = 30_000;

    private final DriverContext ctx;
    private final Dht snapshots;
    private final Set<Id> rooted = new LinkedHashSet<>();
    private final Map<String, Long> lastAttempt = new HashMap<>();
    private Timer auditTimer;
    private boolean stopped;

    SnapshotKeeper(DriverContext ctx, Dht snapshots) {
        this.ctx = ctx;
        this.snapshots = snapshots;
        snapshots.setHandler(this);
    }

    /** Where the snapshot of {@code appId}'s manager is kept in the snapshot DHT. */
    static Id snapshotKey(String appId) {
        return Id.sha1("vigne-manager-snapshot\0" + appId);
    }

    @Override
    public void rootGained(Id key) {
        if (AppIndex.bucketKeyOrNull(key) != null) {
            return;
        }
        rooted.add(key);
        if (auditTimer == null && !stopped) {
            auditTimer = ctx.env.schedule(ctx.config.auditEveryMs(), this::audit);
        }
    }

    @Override
    public void rootLost(Id key) {
        rooted.remove(key);
    }

    /** Checks that the manager of every unfinished application whose snapshot is rooted here still exists. */
    private void audit() {
        auditTimer = null;
        for (Id key : new ArrayList<>(rooted)) {
            snapshots.get(key, r -> {
                AppStatus s = r.ok() ? ApplicationManager.statusOfSnapshot(r.value()) : null;
                if (s != null && !s.state().isFinal() && !s.removed()) {
                    attempt(s.appId(), r.value(), "its snapshot's root found no replica");
                }
            });
        }
        if (!rooted.isEmpty() && !stopped) {
            auditTimer = ctx.env.schedule(ctx.config.auditEveryMs(), this::audit);
        }
    }

    /** Something found no replica of {@code appId}'s manager: rebuild it from its snapshot if it has one. */
    void rebuild(String appId, String why) {
        snapshots.get(snapshotKey(appId), r -> {
            if (r.ok() && r.value() != null && r.value().length > 0) {
                attempt(appId, r.value(), why);
            }
        });
    }

    /**
     * Asks the group a harmless query first: only a {@code NO_GROUP} answer lets the rebuild go on.
     * Then the group's stale descriptor is removed and the group created again from the snapshot.
     */
    private void attempt(String appId, byte[] snapshot, String why) {
        long now = ctx.env.nowMs();
        Long last = lastAttempt.get(appId);
        if (last != null && now - last < RETRY_MS) {
            return;
        }
        lastAttempt.put(appId, now);
        if (lastAttempt.size() > 4096) {
            lastAttempt.clear();
        }
        GroupId g = ApplicationManager.groupOf(appId);
        ctx.gcs.submit(g, CommandCodec.encode(new ManagerCommand.Query(now)), probe -> {
            if (probe.status() != SubmitResult.Status.NO_GROUP) {
                return;
            }
            ctx.counters.rebuildsAttempted++;
            String reason = "every replica of the manager was lost (" + why + "); rebuilt from its last snapshot";
            byte[] command = CommandCodec.encode(new ManagerCommand.Restore(ctx.env.nowMs(), snapshot, reason));
            ctx.gcs.recreateGroup(g, command, res -> {
                if (res.status() == SubmitResult.Status.OK) {
                    ctx.counters.rebuildsDone++;
                }
            });
        });
    }

    void stop() {
        stopped = true;
        if (auditTimer != null) {
            auditTimer.cancel();
        }
    }
}

package org.vigne.apps.node;

import java.util.function.Consumer;
import org.vigne.apps.manager.ApplicationManager;
import org.vigne.apps.manager.CommandCodec;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.apps.manager.ManagerReply;
import org.vigne.core.Env;
import org.vigne.gcs.GcsService;
import org.vigne.overlay.KeyBasedRouting;

/** What the leader-side parts of a node's application management share: environment, tunables, sending, counters. */
final class DriverContext {
    final Env env;
    final AppsConfig config;
    final KeyBasedRouting overlay;
    final GcsService gcs;
    final DriverCounters counters = new DriverCounters();
    private final Submitter submitter;

    /** How a command reaches an application's manager group: through {@link GcsService} on a node, recorded in unit tests. */
    @FunctionalInterface
    interface Submitter {
        /** Submits {@code c} to the manager of {@code appId}; {@code done} gets its reply, or null when it did not go through. */
        void submit(String appId, ManagerCommand c, Consumer<ManagerReply> done);
    }

    DriverContext(Env env, AppsConfig config, KeyBasedRouting overlay, GcsService gcs) {
        this.env = env;
        this.config = config;
        this.overlay = overlay;
        this.gcs = gcs;
        this.submitter = this::submitToGroup;
    }

    /** For unit tests of the parts that only submit commands (no {@link GcsService}: {@link #gcs} is null). */
    DriverContext(Env env, AppsConfig config, KeyBasedRouting overlay, Submitter submitter) {
        this.env = env;
        this.config = config;
        this.overlay = overlay;
        this.gcs = null;
        this.submitter = submitter;
    }

    /** Submits {@code c} to the manager of {@code appId}; {@code done} gets its reply, or null when it did not go through. */
    void submit(String appId, ManagerCommand c, Consumer<ManagerReply> done) {
        counters.commands++;
        submitter.submit(appId, c, done);
    }

    private void submitToGroup(String appId, ManagerCommand c, Consumer<ManagerReply> done) {
        gcs.submit(ApplicationManager.groupOf(appId), CommandCodec.encode(c), r -> {
            ManagerReply reply = null;
            if (r.ok()) {
                try {
                    reply = ManagerReply.decode(r.result());
                } catch (IllegalArgumentException e) {
                    reply = null;
                }
            } else {
                counters.commandsFailed++;
            }
            done.accept(reply);
        });
    }
}

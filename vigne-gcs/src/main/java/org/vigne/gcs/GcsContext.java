package org.vigne.gcs;

import java.util.HashMap;
import java.util.Map;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.overlay.KeyBasedRouting;

/**
 * What the parts of one node's group communication share: the environment, the overlay, the
 * configuration, the counters and observer, the coalescer of heartbeats, and the overlay's
 * verdicts on other nodes (departed nodes are never waited for).
 */
final class GcsContext {
    /** A departed node is remembered this long (its replicas are replaced well before). */
    private static final long DEAD_MEMORY_MS = 30 * 60_000;

    final Env env;
    final KeyBasedRouting overlay;
    final GcsConfig config;
    final GcsCounters counters = new GcsCounters();
    final BeatBatcher beats;
    final NodeLeases leases = new NodeLeases();
    GcsObserver observer = GcsObserver.NONE;
    /** The node's group clock: ticks of {@link GcsConfig#tickMs()} counted while some group is active. */
    long tick;
    private final Map<Id, Long> departedUntilMs = new HashMap<>();
    /** Bumped whenever the set of departed nodes changes, so groups re-plan only then. */
    int departedEpoch;
    /** Replicas that handled something since the service last settled. */
    final java.util.List<GroupReplica> touched = new java.util.ArrayList<>();

    GcsContext(Env env, KeyBasedRouting overlay, GcsConfig config) {
        this.env = env;
        this.overlay = overlay;
        this.config = config;
        this.beats = new BeatBatcher(env, leases);
    }

    long nowMs() {
        return env.nowMs();
    }

    NodeHandle self() {
        return env.self();
    }

    void send(NodeHandle to, Message m) {
        env.send(to, m);
    }

    /** A fresh member id for a replica about to be added (never 0). */
    long newMemberId() {
        long id = env.random().nextLong();
        return id == 0 ? 1 : id;
    }

    /** The node tick at which {@code node} was last heard from, or -1. */
    long lastBeat(NodeHandle node) {
        return leases.lastHeard(node);
    }

    /** Answers a submission this node could not pass to a replica. */
    void unknownReply(GcsMessage.Submit s, SubmitResult.Status status, String error) {
        env.send(s.origin(), new GcsMessage.SubmitReply(s.kind(), s.key(), s.clientId(), s.seq(), status, new byte[0], 0,
                0, env.self(), error));
    }

    void departed(NodeHandle n) {
        departedUntilMs.put(n.id(), env.nowMs() + DEAD_MEMORY_MS);
        leases.departed(n);
        departedEpoch++;
    }

    /**
     * The node sent a message: it is alive (a node that comes back has a new incarnation of its
     * replicas anyway). Under churn the departed nodes are never none (they are remembered for
     * half an hour), and looking the sender up among them took 3.5% of a 2,000-node run's CPU: a
     * peer known here is looked up only when it may have departed since it was last cleared.
     */
    void heardFrom(NodeHandle n) {
        LeasePeer p = leases.heard(n, tick);
        if (departedUntilMs.isEmpty() || p != null && !p.mayHaveDeparted) {
            return;
        }
        if (p != null) {
            p.mayHaveDeparted = false;
        }
        if (departedUntilMs.remove(n.id()) != null) {
            departedEpoch++;
        }
    }

    /** True when the overlay declared {@code node} dead or departed (recently). */
    boolean departed(Id node) {
        Long until = departedUntilMs.get(node);
        if (until == null) {
            return false;
        }
        if (until < env.nowMs()) {
            departedUntilMs.remove(node);
            departedEpoch++;
            return false;
        }
        return true;
    }
}

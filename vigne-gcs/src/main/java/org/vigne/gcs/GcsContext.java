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
    /**
     * This node's incarnation, carried by what its replicas send (beats, Raft messages): a node that
     * restarts with the same id has lost its replicas, and a new incarnation tells the followers
     * of its former groups at once (Cassandra's gossip generation). The clock's millisecond at start
     * (modulo 2^32: four bytes a message), so a restart, which starts later, has another; never 0
     * (0 marks other messages).
     */
    final int incarnation;
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
        int startMs = (int) env.nowMs();
        this.incarnation = startMs == 0 ? 1 : startMs;
        this.beats = new BeatBatcher(env, leases, incarnation);
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
     * The node sent a message: it is alive, and no longer departed. Under churn the departed nodes
     * are never none (they are remembered for half an hour), and looking the sender up among them
     * took 3.5% of a 2,000-node run's CPU: a peer known here is looked up only when it may have
     * departed since it was last cleared.
     *
     * <p>Only what the node's replicas send ({@code incarnation} not 0: beats, Raft messages)
     * renews its lease, which followers here take for their leaders' liveness. A node that
     * restarted with the same id lost its replicas but still passes commands on and answers
     * submitters: counted, that traffic kept its former groups' followers trusting a leader that
     * no longer existed for the whole confirm window (67 s with commands flowing, measured in the
     * simulator). Returns true when the message is the first from a new incarnation of a node that
     * followers here watch ({@link NodeLeases#heard}).
     */
    boolean heardFrom(NodeHandle n, int incarnation) {
        boolean restarted = leases.heard(n, tick, incarnation);
        LeasePeer p = leases.known(n);
        if (departedUntilMs.isEmpty() || p != null && !p.mayHaveDeparted) {
            return restarted;
        }
        if (p != null) {
            p.mayHaveDeparted = false;
        }
        if (departedUntilMs.remove(n.id()) != null) {
            departedEpoch++;
        }
        return restarted;
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

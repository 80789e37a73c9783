package org.vigne.overlay;

import java.util.ArrayList;
import java.util.List;
import org.vigne.core.Env;
import org.vigne.core.NodeHandle;
import org.vigne.core.Timer;
import org.vigne.overlay.OverlayMessage.FailureNotice;
import org.vigne.overlay.OverlayMessage.Ping;

/**
 * The node's one failure detector, shared by every service (DESIGN.md, "System membership").
 * Evidence that a node may have failed comes from everywhere: a hop not acknowledged, a
 * predecessor whose heartbeats stopped, a refused connection, a neighbour's failure notice, or a
 * service above ({@link KeyBasedRouting#suspect}). Evidence is suspicion, never proof: a
 * suspected node is routed around and probed at once, and it is declared dead only after
 * {@link DetectorConfig#missedProbesToDeclareDead()} probes in a row go unanswered, each within
 * its own RTT-based timeout. Any message from it clears the suspicion.
 *
 * <p>States of a node this detector follows: alive (nothing against it), suspected (evidence,
 * probes out), dead (forgotten, not re-learned second-hand for a while). Every service of the node
 * hears each transition once through the upcalls ({@link OverlayApplication#suspected},
 * {@link OverlayApplication#suspicionCleared}, {@link OverlayApplication#departed}) for the nodes
 * it can care about: leaf-set and routing-table members, and nodes a service asked about.
 *
 * <p>A node that declares its successor or predecessor dead sends a {@link FailureNotice} to its
 * leaf set, so the other nodes that hold the dead node check it within a round trip instead of
 * at their next periodic probe; receivers probe for themselves and never pass notices on, so a
 * crash costs at most two notices per leaf-set member. A receiver takes the notice as the sender's
 * unanswered probes: its own first unanswered probe declares the node dead. SWIM's members trust
 * a disseminated suspicion without probing at all; checking once keeps a node that answers from
 * being declared dead on hearsay, and saves the receivers the sender's whole probe sequence
 * (measured on a local grid: a paused node left every leaf set about half a second sooner).
 */
final class FailureDetector {
    /** What the detector decides, for the overlay to pass on to its services. */
    interface Verdicts {
        void suspected(NodeHandle n);

        void cleared(NodeHandle n);

        void dead(NodeHandle n);
    }

    private final Env env;
    private final OverlayConfig config;
    private final Neighbourhood hood;
    private final Verdicts verdicts;
    private final SelfTuning tuning;
    /** Peers with a probe out, in the order their deadlines are checked; a peer may appear twice. */
    private final List<Peer> probing = new ArrayList<>();
    /** Nonce and send time (microseconds) of the probe out to each peer whose {@link Peer#probing} flag is set. */
    private final PeerNotes probes = new PeerNotes();
    private Timer deadlineTimer;
    private long armedForMs = Long.MAX_VALUE;
    private boolean active;

    FailureDetector(Env env, OverlayConfig config, Neighbourhood hood, Verdicts verdicts) {
        this.env = env;
        this.config = config;
        this.hood = hood;
        this.verdicts = verdicts;
        this.tuning = new SelfTuning(config.detector(), env.nowMs());
    }

    /** The node joined: probes may go out, and the failure rate is estimated from now on. */
    void start() {
        active = true;
        tuning.restart(env.nowMs());
    }

    void stop() {
        active = false;
        if (deadlineTimer != null) {
            deadlineTimer.cancel();
            deadlineTimer = null;
        }
        probing.clear();
        for (int i = 0; i < probes.size(); i++) {
            probes.peer(i).setProbing(false);
        }
        probes.clear();
    }

    SelfTuning tuning() {
        return tuning;
    }

    /** Recomputes the self-tuned probe periods; called by the maintenance tick. */
    void retune() {
        long timeout = hood.timeoutMs(null, probeTimeoutMinMs(), probeTimeoutMaxMs());
        tuning.retune(env.nowMs(), hood.peerCount(), timeout * config.detector().missedProbesToDeclareDead());
    }

    // ---- evidence ---------------------------------------------------------------------------

    /** Evidence against {@code p} (a missed acknowledgement, silence, a notice): suspect it and probe it now. */
    void suspect(Peer p) {
        if (!p.suspected()) {
            p.setSuspected(true);
            hood.suspectedChanged(1);
            if (p.followed()) {
                verdicts.suspected(p.handle);
            }
        }
        probe(p);
    }

    /** A service's evidence against {@code n}, which may be a node the overlay does not keep: follow it until decided. */
    void serviceSuspects(NodeHandle n) {
        Peer p = hood.peer(n.id());
        if (p == null) {
            p = hood.watch(n);
            if (p == null) {
                return;
            }
        } else if (!p.handle.equals(n)) {
            return;
        }
        p.setWatched(true);
        suspect(p);
    }

    /** {@code p} sent us a message: it is alive. */
    void heard(Peer p) {
        p.missedPings = 0;
        if (p.suspected()) {
            p.setSuspected(false);
            hood.suspectedChanged(-1);
            if (p.followed()) {
                verdicts.cleared(p.handle);
            }
        }
        if (p.watched() && !p.probing()) {
            p.setWatched(false);
            hood.dropIfUnused(p);
        }
    }

    /**
     * A neighbour declared {@code n} dead after its own probes went unanswered: check for ourselves,
     * with one probe. Any message from {@code n} clears the count ({@link #heard}).
     */
    void onNotice(NodeHandle n) {
        Peer p = hood.peer(n.id());
        if (p != null && p.handle.equals(n) && p.used()) {
            int oneShort = config.detector().missedProbesToDeclareDead() - 1;
            p.missedPings = (byte) Math.max(p.missedPings, oneShort);
            suspect(p);
        }
    }

    /** The transport could not reach {@code peer}: probe at once; a second hint while probing is death. */
    void onUnreachable(NodeHandle peer) {
        Peer p = hood.peer(peer.id());
        if (p == null) {
            return;
        }
        if (p.probing()) {
            declareDead(p);
        } else {
            suspect(p);
        }
    }

    // ---- probes -----------------------------------------------------------------------------

    /** Sends a probe to {@code p} unless one is already out. */
    void probe(Peer p) {
        long nonce = openProbe(p);
        if (nonce != 0) {
            env.send(p.handle, new Ping(nonce));
        }
    }

    /**
     * Opens a probe of {@code p} that the caller sends inside a message of its own (a heartbeat
     * asking for an answer): returns the nonce to carry, or 0 when a probe is already out or the
     * detector is stopped. It is answered, timed and timed out like any probe.
     */
    long openProbe(Peer p) {
        if (p.probing() || !active) {
            return 0;
        }
        int nonce = env.random().nextInt();
        nonce = nonce == 0 ? 1 : nonce;
        long nowMicros = env.nowMicros();
        long now = nowMicros / 1000;
        probes.put(p, nonce, nowMicros);
        p.setProbing(true);
        p.probedAtS = (int) (now / 1000);
        probing.add(p);
        arm(now + probeTimeoutMs(p));
        return nonce;
    }

    /** A probe's answer: returns the round trip in microseconds, or -1 when it answers no probe of ours. */
    long answered(Peer p, long nonce) {
        if (!p.probing() || probes.intOf(p, 0) != nonce) {
            return -1;
        }
        long sent = sentMicros(p);
        noLongerProbing(p);
        // A service's question is answered: the node need not be followed for it any more.
        p.setWatched(false);
        return Math.max(0, env.nowMicros() - sent);
    }

    /** When the probe out to {@code p} was sent; {@code p} must have one (its flag and its note go together). */
    private long sentMicros(Peer p) {
        long sent = probes.longOf(p, Long.MIN_VALUE);
        if (sent == Long.MIN_VALUE) {
            throw new IllegalStateException("no probe out to " + p.handle);
        }
        return sent;
    }

    /** {@link #sentMicros} in whole milliseconds: the millisecond {@link Env#nowMs()} read at the send. */
    private long sentMs(Peer p) {
        return sentMicros(p) / 1000;
    }

    private void noLongerProbing(Peer p) {
        p.setProbing(false);
        probes.remove(p);
    }

    private long probeTimeoutMinMs() {
        return config.hopTimeoutMinMs() * 4;
    }

    private long probeTimeoutMaxMs() {
        return config.hopTimeoutMaxMs() * 2;
    }

    private long probeTimeoutMs(Peer p) {
        return hood.timeoutMs(p, probeTimeoutMinMs(), probeTimeoutMaxMs());
    }

    private void arm(long atMs) {
        if (atMs >= armedForMs) {
            return;
        }
        armedForMs = atMs;
        deadlineTimer = env.schedule(Math.max(0, atMs - env.nowMs()), this::onDeadline);
    }

    /** Times out every probe whose deadline passed, then waits for the next deadline. */
    private void onDeadline() {
        armedForMs = Long.MAX_VALUE;
        if (!active) {
            return;
        }
        long now = env.nowMs();
        long next = Long.MAX_VALUE;
        for (int i = 0; i < probing.size(); ) {
            Peer p = probing.get(i);
            if (!p.probing() || p.forgotten()) {
                noLongerProbing(p);
                removeAt(i);
                continue;
            }
            long deadline = sentMs(p) + probeTimeoutMs(p);
            if (deadline > now) {
                next = Math.min(next, deadline);
                i++;
                continue;
            }
            removeAt(i);
            missed(p);
            if (p.probing()) {
                next = Math.min(next, sentMs(p) + probeTimeoutMs(p));
            }
        }
        if (next != Long.MAX_VALUE) {
            arm(next);
        }
    }

    private void removeAt(int i) {
        Peer last = probing.remove(probing.size() - 1);
        if (i < probing.size()) {
            probing.set(i, last);
        }
    }

    /** A probe went unanswered: probe again (suspected from the second miss), or declare the peer dead after enough misses. */
    private void missed(Peer p) {
        noLongerProbing(p);
        p.missedPings = (byte) Math.min(Byte.MAX_VALUE, p.missedPings + 1);
        if (!p.followed()) {
            hood.forgetQuietly(p);
            return;
        }
        if (p.missedPings >= config.detector().missedProbesToDeclareDead()) {
            declareDead(p);
            return;
        }
        // A routine probe (nothing against the peer yet) that goes unanswered once is retried
        // before anyone hears of it: one lost packet, or one slow answer from a loaded node, is no
        // evidence worth moving replicas for.
        if (!p.suspected() && p.missedPings > 1) {
            p.setSuspected(true);
            hood.suspectedChanged(1);
            verdicts.suspected(p.handle);
        }
        probe(p);
    }

    /** Forgets {@code p} as dead; tells the services, and the leaf set when it was an immediate neighbour. */
    void declareDead(Peer p) {
        boolean followed = p.followed();
        boolean used = p.used();
        boolean neighbour = p.handle.equals(hood.leafSet.clockwise(0)) || p.handle.equals(hood.leafSet.counterClockwise(0));
        hood.declareDead(p.handle.id());
        if (neighbour) {
            hood.bury(p.handle);
        }
        if (used) {
            tuning.failed(env.nowMs());
        }
        if (followed) {
            verdicts.dead(p.handle);
        }
        if (neighbour && active) {
            FailureNotice notice = new FailureNotice(p.handle);
            for (NodeHandle m : hood.leafSet.members()) {
                env.send(m, notice);
            }
        }
    }
}

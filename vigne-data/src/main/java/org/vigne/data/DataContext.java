package org.vigne.data;

import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.RttEstimator;
import org.vigne.overlay.KeyBasedRouting;

/**
 * What the parts of one node's data service share: the environment, the overlay, the application
 * view, the configuration, the counters, the round-trip estimates, and sending (counted).
 */
final class DataContext {
    final Env env;
    final KeyBasedRouting overlay;
    final ApplicationView view;
    final DataConfig config;
    final DataCounters counters = new DataCounters();
    /** Round trips of access requests (fault to grant), first attempts only. */
    final RttEstimator requestRtt = new RttEstimator();
    /** Round trips of direct exchanges (invalidation, hand-off). */
    final RttEstimator directRtt = new RttEstimator();
    /** Leases on this node's copies lent to component sessions. */
    final NearLeases near = new NearLeases(this);

    DataContext(Env env, KeyBasedRouting overlay, ApplicationView view, DataConfig config) {
        this.env = env;
        this.overlay = overlay;
        this.view = view;
        this.config = config;
    }

    NodeHandle self() {
        return env.self();
    }

    boolean isSelf(NodeHandle h) {
        return h != null && h.id().equals(env.self().id());
    }

    long nowMs() {
        return env.nowMs();
    }

    void send(NodeHandle to, Message m) {
        counters.direct++;
        env.send(to, m);
    }

    void route(Id key, Message m) {
        counters.routed++;
        overlay.route(key, m);
    }

    /** Retransmission timeout before any round trip was measured. */
    static final long INITIAL_RETRY_MS = 1000;

    /** Retransmission timeout after {@code attempts} tries, from {@code rtt}, doubling, within the bounds. */
    long retryMs(RttEstimator rtt, int attempts) {
        // SRTT + 4 x RTTVAR, but at least 1.5 x SRTT: when round trips barely vary the deviation
        // vanishes, and the slowest of many similar requests would be sent again for nothing.
        long base = rtt.hasSample()
                ? Math.max(rtt.timeoutMs(config.minRetryMs(), config.maxRetryMs()),
                        Math.min(config.maxRetryMs(), rtt.srttMs(0) * 3 / 2))
                : Math.min(config.maxRetryMs(), INITIAL_RETRY_MS);
        long backoff = base << Math.min(Math.max(0, attempts - 1), 4);
        return Math.min(config.maxRetryMs(), backoff);
    }

    /** True when {@code node} runs components of the application of {@code copy} now. */
    boolean isMember(Copy copy, NodeHandle node) {
        return view.isMember(copy.name.application(), node.id());
    }

    ConsistencyProtocol protocol(Copy copy) {
        return view.protocol(copy.name.application());
    }
}

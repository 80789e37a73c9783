package org.vigne.net.transport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused connections and frames so that a misconfigured peer is reported clearly and a
 * hostile one cannot flood the log.
 *
 * <p>Refusals are grouped by source address (the peer's IP, not its port, which an attacker
 * changes with every connection) and kind. The first refusal of a group is a WARN line, as long
 * as the node has not written {@link #BURST} of them lately (one more allowed every
 * {@link #REFILL_MS} ms); the others go to DEBUG and are counted, and every {@link #SUMMARY_MS}
 * ms at most {@link #SUMMARY_LINES} lines say how many were suppressed, e.g. "1999 more refusals
 * from 127.0.0.1 suppressed in the last 30 s (wrong cluster secret (HMAC mismatch))". So a flood
 * from one address costs one line plus one every half minute. Every peer-provided text is
 * escaped ({@link LogText}). Remembers a bounded number of groups.
 */
final class RefusalLog {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
    private static final int MAX_REMEMBERED = 1024;
    /** WARN lines for new groups the node may write at once. */
    static final int BURST = 10;
    /** One more such line allowed this often. */
    static final long REFILL_MS = 3000;
    /** Suppressed refusals are summed up this often (when there are any). */
    static final long SUMMARY_MS = 30_000;
    /** Groups named in a summary; the others are summed up in one more line. */
    static final int SUMMARY_LINES = 5;

    /** Refusals of one kind from one source address. */
    private static final class Group {
        final String source;
        final String what;
        long suppressed;

        Group(String source, String what) {
            this.source = source;
            this.what = what;
        }
    }

    private final LongSupplier clockMs;
    private final long summaryMs;
    private final Map<String, Group> groups = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Group> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private double tokens = BURST;
    private long refilledMs;
    private boolean summaryPending;

    RefusalLog() {
        this(() -> System.nanoTime() / 1_000_000L, SUMMARY_MS);
    }

    RefusalLog(LongSupplier clockMs, long summaryMs) {
        this.clockMs = clockMs;
        this.summaryMs = summaryMs;
        this.refilledMs = clockMs.getAsLong();
    }

    /** Reports that {@code peer} closed the connection on our handshake proof: most likely another secret. */
    synchronized void refusedByPeer(ScheduledExecutorService timers, String source, String peer) {
        String line = "handshake with " + LogText.safe(peer)
                + " refused by the peer: it does not accept our cluster secret (same --secret-file on every node?)";
        report(timers, source, "refused our handshake", line);
    }

    /**
     * Reports that {@code peer} closed the connection on our handshake proof only {@code afterMs}
     * after we connected, past the handshake timeout: a busy peer, or one with another secret.
     */
    synchronized void closedLateByPeer(ScheduledExecutorService timers, String source, String peer, long afterMs) {
        String line = "handshake with " + LogText.safe(peer) + " closed by the peer " + afterMs
                + " ms after connecting, past the handshake timeout: the peer is too busy to finish handshakes"
                + " in time, or does not accept our cluster secret (same --secret-file on every node?)";
        report(timers, source, "closed our handshake late", line);
    }

    /** Reports that a frame from {@code peer} (whose IP is {@code source}) was refused for {@code reason}. */
    synchronized void refuse(ScheduledExecutorService timers, String source, String peer, Refusal reason, String detail) {
        String suffix = detail == null || detail.isEmpty() ? "" : ": " + LogText.safe(detail);
        report(timers, source, reason.text(), "frame from " + LogText.safe(peer) + " refused: " + reason.text() + suffix);
    }

    /** Reports that a connection from {@code source} was closed as soon as accepted, because {@code why}. */
    synchronized void connectionRefused(ScheduledExecutorService timers, String source, String why) {
        report(timers, source, why, "connection from " + LogText.safe(source) + " refused: " + why);
    }

    private void report(ScheduledExecutorService timers, String source, String what, String line) {
        String key = source + '|' + what;
        Group g = groups.get(key);
        if (g == null && takeToken()) {
            groups.put(key, new Group(source, what));
            LOG.warn(line);
            return;
        }
        if (g == null) {
            g = new Group(source, what);
            groups.put(key, g);
        }
        g.suppressed++;
        LOG.debug(line);
        if (!summaryPending) {
            summaryPending = true;
            timers.schedule(this::summarize, summaryMs, TimeUnit.MILLISECONDS);
        }
    }

    private boolean takeToken() {
        long now = clockMs.getAsLong();
        tokens = Math.min(BURST, tokens + (now - refilledMs) / (double) REFILL_MS);
        refilledMs = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }

    /** Writes the suppressed counts of the last period, biggest first, and starts a new period. */
    synchronized void summarize() {
        summaryPending = false;
        List<Group> quiet = new ArrayList<>();
        for (Group g : groups.values()) {
            if (g.suppressed > 0) {
                quiet.add(g);
            }
        }
        quiet.sort(Comparator.comparingLong((Group g) -> g.suppressed).reversed());
        String period = summaryMs % 1000 == 0 ? summaryMs / 1000 + " s" : summaryMs + " ms";
        long others = 0;
        for (int i = 0; i < quiet.size(); i++) {
            Group g = quiet.get(i);
            if (i < SUMMARY_LINES) {
                LOG.warn("{} more refusals from {} suppressed in the last {} ({})", g.suppressed, LogText.safe(g.source),
                        period, g.what);
            } else {
                others += g.suppressed;
            }
            g.suppressed = 0;
        }
        if (others > 0) {
            LOG.warn("{} more refusals from {} other sources suppressed in the last {}", others,
                    quiet.size() - SUMMARY_LINES, period);
        }
    }
}

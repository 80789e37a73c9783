package org.vigne.net.transport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused frames once per peer and reason at WARN, later ones at DEBUG, so a misconfigured
 * or hostile peer is reported clearly without flooding the log. Remembers a bounded number of
 * (peer, reason) pairs.
 */
final class RefusalLog {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
    private static final int MAX_REMEMBERED = 1024;

    private final Map<String, Boolean> seen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    /** Reports that {@code peer} closed the connection on our handshake proof: most likely another secret. */
    synchronized void refusedByPeer(String peer) {
        String text = "handshake with {} refused by the peer: it does not accept our cluster secret (same --secret-file on every node?)";
        if (seen.put(peer + "|refused-by-peer", Boolean.TRUE) == null) {
            LOG.warn(text, peer);
        } else {
            LOG.debug(text, peer);
        }
    }

    /** Reports that a frame from {@code peer} ("host:port") was refused for {@code reason}. */
    synchronized void refuse(String peer, Refusal reason, String detail) {
        String suffix = detail == null || detail.isEmpty() ? "" : ": " + detail;
        if (seen.put(peer + '|' + reason, Boolean.TRUE) == null) {
            LOG.warn("frame from {} refused: {}{}", peer, reason.text(), suffix);
        } else {
            LOG.debug("frame from {} refused: {}{}", peer, reason.text(), suffix);
        }
    }
}

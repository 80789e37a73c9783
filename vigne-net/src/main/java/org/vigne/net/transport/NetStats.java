package org.vigne.net.transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Traffic and refusal counters of one node, for operators and tests: a peer's bad bytes are
 * dropped and counted here, never thrown. Written on the node's event loop, readable from any
 * thread.
 */
public final class NetStats {
    final LongAdder framesIn = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder badFrames = new LongAdder();
    final LongAdder oversizedFrames = new LongAdder();
    final LongAdder authFailures = new LongAdder();
    final LongAdder replays = new LongAdder();
    final LongAdder droppedMessages = new LongAdder();
    final LongAdder connectAttempts = new LongAdder();
    final LongAdder refusedConnections = new LongAdder();
    final LongAdder sequenceGaps = new LongAdder();
    final LongAdder idleLinksClosed = new LongAdder();

    /** Frames received, handshake frames included. */
    public long framesIn() {
        return framesIn.sum();
    }

    /** Frames written, handshake frames included. */
    public long framesOut() {
        return framesOut.sum();
    }

    /** Bytes read from sockets. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Bytes written to sockets. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Messages received, authenticated and decoded. */
    public long messagesIn() {
        return messagesIn.sum();
    }

    /** Messages handed to a connection for writing. */
    public long messagesOut() {
        return messagesOut.sum();
    }

    /** Frames refused as malformed: bad version or kind, truncated, undecodable, too big. */
    public long badFrames() {
        return badFrames.sum();
    }

    /** The subset of {@link #badFrames} refused for exceeding the maximum frame size. */
    public long oversizedFrames() {
        return oversizedFrames.sum();
    }

    /** Handshakes and frames refused because they do not prove knowledge of the cluster secret. */
    public long authFailures() {
        return authFailures.sum();
    }

    /** Authentic frames refused because their sequence number was not above the last one. */
    public long replays() {
        return replays.sum();
    }

    /** Messages given to send but never written: queue overflow, failed connection, too big, unencodable. */
    public long droppedMessages() {
        return droppedMessages.sum();
    }

    /** Outgoing connections attempted. */
    public long connectAttempts() {
        return connectAttempts.sum();
    }

    /**
     * Accepted connections closed before their handshake because of {@link HandshakeLimits}: too
     * many from one address, or the oldest when too many in all.
     */
    public long refusedConnections() {
        return refusedConnections.sum();
    }

    /**
     * Authentic frames whose sequence number skipped ahead: a frame was removed on the way, so
     * the connection was closed.
     */
    public long sequenceGaps() {
        return sequenceGaps.sum();
    }

    /** Outgoing connections closed because nothing was sent on them for {@link LinkPolicy#idleMs()}. */
    public long idleLinksClosed() {
        return idleLinksClosed.sum();
    }

    /** Every counter by name, in a stable order (for the control API and JSON reports). */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("framesIn", framesIn());
        m.put("framesOut", framesOut());
        m.put("bytesIn", bytesIn());
        m.put("bytesOut", bytesOut());
        m.put("messagesIn", messagesIn());
        m.put("messagesOut", messagesOut());
        m.put("badFrames", badFrames());
        m.put("oversizedFrames", oversizedFrames());
        m.put("authFailures", authFailures());
        m.put("replays", replays());
        m.put("droppedMessages", droppedMessages());
        m.put("connectAttempts", connectAttempts());
        m.put("refusedConnections", refusedConnections());
        m.put("sequenceGaps", sequenceGaps());
        m.put("idleLinksClosed", idleLinksClosed());
        return m;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}

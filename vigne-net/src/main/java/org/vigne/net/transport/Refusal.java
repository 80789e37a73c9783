package org.vigne.net.transport;

/** Why a frame or a handshake was refused, worded for an operator reading the log. */
enum Refusal {
    /** The peer's handshake proof does not verify: it holds another secret. */
    WRONG_SECRET("wrong cluster secret (HMAC mismatch)"),
    /** A data frame's tag does not verify under the session key. */
    FORGED("authentication failed (forged, corrupted or from another session)"),
    /** An authentic data frame seen again. */
    REPLAYED("replayed frame (sequence number did not increase)"),
    /** An authentic data frame whose sequence number skipped ahead: frames were removed on the way. */
    OUT_OF_SEQUENCE("frame out of sequence (earlier frames were dropped on the way)"),
    /** The length prefix exceeds the maximum frame size. */
    TOO_BIG("frame too big"),
    /** Not a frame of this wire version and state. */
    MALFORMED("malformed frame"),
    /** An authentic frame whose message cannot be decoded (unknown type, bad fields). */
    UNDECODABLE("undecodable message");

    private final String text;

    Refusal(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }
}

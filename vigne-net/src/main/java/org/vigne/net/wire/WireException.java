package org.vigne.net.wire;

/**
 * Bytes that are not a valid message, or a message that cannot be put into bytes.
 *
 * <p>Checked on purpose: a peer's bytes are untrusted input, so every caller of the codec must
 * decide what a bad message means (the transport drops it and counts it) instead of letting it
 * unwind through a node's event loop.
 */
public final class WireException extends Exception {
    public WireException(String message) {
        super(message);
    }

    public WireException(String message, Throwable cause) {
        super(message, cause);
    }
}

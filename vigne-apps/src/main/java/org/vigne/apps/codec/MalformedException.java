package org.vigne.apps.codec;

/** Bytes that do not decode: truncated, corrupted, or of an unknown version. */
public final class MalformedException extends IllegalArgumentException {
    public MalformedException(String message) {
        super(message);
    }
}

package org.vigne.core;

/** A scheduled action that can be cancelled before it fires. Cancelling twice is harmless. */
public interface Timer {
    void cancel();
}

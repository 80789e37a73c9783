package org.vigne.sim;

import org.vigne.core.Message;

/** Counts the bytes the simulated network carries, by category, as the experiment classifies them. */
public interface TrafficMeter {
    void sent(Message msg, int bytes);

    TrafficMeter NONE = (m, b) -> { };
}

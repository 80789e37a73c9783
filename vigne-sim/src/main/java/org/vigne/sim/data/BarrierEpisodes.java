package org.vigne.sim.data;

import java.util.HashMap;
import java.util.Map;
import org.vigne.sim.experiment.Stats;

/**
 * Measures barrier episodes as components see them: an episode (one generation of one barrier in
 * one run) starts gathering with its first await, is complete when its last party calls await,
 * and its latency, per party, runs from that last call to the party's release.
 */
final class BarrierEpisodes {
    private record Key(int run, String barrier, long generation) {
    }

    private static final class Episode {
        int calls;
        int releases;
        long lastCallMs;
    }

    private final Map<Key, Episode> open = new HashMap<>();
    private final Stats latencyMs = new Stats();
    private long completed;

    void called(int run, String barrier, long generation, long nowMs) {
        Episode e = open.computeIfAbsent(new Key(run, barrier, generation), k -> new Episode());
        e.calls++;
        e.lastCallMs = nowMs;
    }

    void released(int run, String barrier, long generation, int parties, long nowMs) {
        Key k = new Key(run, barrier, generation);
        Episode e = open.get(k);
        if (e == null) {
            return;
        }
        latencyMs.add(nowMs - e.lastCallMs);
        if (++e.releases == parties) {
            completed++;
            open.remove(k);
        }
    }

    /** A run was rolled back: its open episodes will never complete. */
    void forgetRun(int run) {
        open.keySet().removeIf(k -> k.run() == run);
    }

    /** Episodes every party was released from. */
    long completed() {
        return completed;
    }

    /** From an episode's last await call to each party's release. */
    Stats latencyMs() {
        return latencyMs;
    }
}

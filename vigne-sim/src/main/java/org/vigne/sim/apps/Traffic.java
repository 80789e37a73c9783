package org.vigne.sim.apps;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vigne.apps.node.AppsMessage;
import org.vigne.core.Message;
import org.vigne.dht.DhtMessage;
import org.vigne.gcs.GcsMessage;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sim.TrafficMeter;

/** Messages and bytes the simulated network carries, by layer: overlay, DHT, group communication, application management. */
final class Traffic implements TrafficMeter {
    private static final String[] LAYERS = {"overlay", "dht", "gcs", "apps"};
    private final long[] messages = new long[LAYERS.length];
    private final long[] bytes = new long[LAYERS.length];

    @Override
    public void sent(Message msg, int size) {
        Message m = msg instanceof OverlayMessage.Route r ? r.payload() : msg;
        int layer = m instanceof AppsMessage ? 3 : GcsMessage.is(m) ? 2 : m instanceof DhtMessage ? 1 : 0;
        messages[layer]++;
        bytes[layer] += size;
    }

    /** Bytes per mean live node per second, by layer. */
    Map<String, Double> bytesPerNodePerSec(double meanLive, double seconds) {
        return per(bytes, meanLive, seconds);
    }

    /** Messages per mean live node per second, by layer. */
    Map<String, Double> messagesPerNodePerSec(double meanLive, double seconds) {
        return per(messages, meanLive, seconds);
    }

    private static Map<String, Double> per(long[] counts, double meanLive, double seconds) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < LAYERS.length; i++) {
            out.put(LAYERS[i], Math.round(counts[i] / Math.max(1, meanLive) / Math.max(1, seconds) * 1000) / 1000.0);
        }
        return out;
    }
}

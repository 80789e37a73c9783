package org.vigne.net.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A named DHT a node declares at start-up, with its replication degree ({@code NAME:R} on the
 * command line). Every node of a grid must declare the same DHTs with the same degree.
 */
public record DhtSpec(String name, int replicas) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Largest degree the overlay can place: L/2 + 1 with the default leaf set of 16. */
    public static final int MAX_REPLICAS = 9;
    /** The DHT every node has: "default" with three replicas. */
    public static final DhtSpec DEFAULT = new DhtSpec("default", 3);

    public DhtSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a DHT name is 1 to 64 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("DHT '" + name + "': replicas must be 1.." + MAX_REPLICAS + ", got " + replicas);
        }
    }

    /** Parses {@code NAME:R}. */
    public static DhtSpec parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--dht expects NAME:R (e.g. apps:5), got '" + text + "'");
        }
        try {
            return new DhtSpec(text.substring(0, colon).trim(), Integer.parseInt(text.substring(colon + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--dht expects NAME:R (e.g. apps:5), got '" + text + "'");
        }
    }

    /** The default DHT plus the comma-separated {@code NAME:R} list (which may redefine "default"). */
    public static List<DhtSpec> withDefault(String csv) {
        Map<String, DhtSpec> byName = new LinkedHashMap<>();
        byName.put(DEFAULT.name(), DEFAULT);
        if (csv != null) {
            for (String part : csv.split(",")) {
                if (!part.isBlank()) {
                    DhtSpec d = parse(part.trim());
                    byName.put(d.name(), d);
                }
            }
        }
        return new ArrayList<>(byName.values());
    }
}

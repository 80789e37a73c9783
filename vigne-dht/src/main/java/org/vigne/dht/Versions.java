package org.vigne.dht;

/**
 * Version numbers of keys. A version is a counter in the high bits and a tag of the root that
 * assigned it in the low 16 bits: the root takes the highest version it knows, adds one to the
 * counter and puts its own tag. The tag is drawn at random when the DHT service starts (not taken
 * from the node id, which a rebooted node keeps): two nodes that both believed themselves root
 * during a view change, or a rebooted root that missed its old incarnation's unacknowledged write,
 * thus almost never assign one version to two values, and replicas converge on one of them.
 */
final class Versions {
    static final int TAG_BITS = 16;

    private Versions() {
    }

    static final long TAG_MASK = (1L << TAG_BITS) - 1;

    /** The version a root with tag {@code tag} assigns after {@code current} (0: none yet). */
    static long next(long current, long tag) {
        long counter = (current >>> TAG_BITS) + 1;
        return (counter << TAG_BITS) | (tag & TAG_MASK);
    }
}

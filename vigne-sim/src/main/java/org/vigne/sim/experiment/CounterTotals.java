package org.vigne.sim.experiment;

import org.vigne.dht.DhtCounters;
import org.vigne.sim.SimNode;

/**
 * DHT counters added up over every node of a measured window, the nodes that departed during it
 * included: what the live nodes had counted when it started is taken off, a departing node's
 * counters are added as it goes, the live nodes' when it ends.
 */
final class CounterTotals {
    private long syncs;
    private long handoffs;
    private long backgroundKeyVisits;

    /** The window starts: the counters so far do not count. */
    void start(Iterable<SimNode> live) {
        for (SimNode n : live) {
            add(n, -1);
        }
    }

    /** {@code n} is about to go: what it counted so far counts. */
    void departing(SimNode n) {
        add(n, 1);
    }

    /** The window ends. */
    void finish(Iterable<SimNode> live) {
        for (SimNode n : live) {
            add(n, 1);
        }
    }

    private void add(SimNode n, int sign) {
        DhtNode d = DhtNode.of(n);
        if (d == null) {
            return;
        }
        DhtCounters c = d.service().counters();
        syncs += sign * c.syncs();
        handoffs += sign * c.handedOff();
        backgroundKeyVisits += sign * c.backgroundKeyVisits();
    }

    /** Version syncs started by roots. */
    long syncs() {
        return syncs;
    }

    /** Keys dropped after a hand-off to the nodes that should hold them. */
    long handoffs() {
        return handoffs;
    }

    /** Keys visited one by one by background passes ({@link DhtCounters#backgroundKeyVisits()}). */
    long backgroundKeyVisits() {
        return backgroundKeyVisits;
    }
}

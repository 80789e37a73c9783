package org.vigne.gcs;

import org.vigne.dht.Dht;

/**
 * A kind of group registered on a node: the managed DHT whose keys name its groups (and whose
 * degree is their size), the factory of their state machines, and where their outputs go.
 */
record Kind(String name, int replicas, StateMachineFactory factory, OutputReceiver receiver, Dht dht) {
}

package org.vigne.net.node;

import java.util.List;
import org.vigne.dht.DhtConfig;
import org.vigne.net.groups.CounterGroups;
import org.vigne.net.secure.ClusterSecret;
import org.vigne.net.transport.LinkPolicy;
import org.vigne.overlay.OverlayConfig;

/**
 * What one node of a grid is started with.
 *
 * @param listen address the node's transport binds (port 0 picks a free one)
 * @param advertisedHost host peers connect to (the listen host unless that is a wildcard)
 * @param secret the cluster secret
 * @param dhts the DHTs this node declares (the same on every node)
 * @param overlay overlay tunables
 * @param dht DHT tunables
 * @param links outgoing-connection policy
 * @param counterReplicas members of each {@code counter} group (the replication degree of its DHT)
 */
public record NodeSettings(HostPort listen, String advertisedHost, ClusterSecret secret, List<DhtSpec> dhts,
                           OverlayConfig overlay, DhtConfig dht, LinkPolicy links, int counterReplicas) {
    public NodeSettings {
        dhts = List.copyOf(dhts);
        for (DhtSpec d : dhts) {
            if (d.name().equals(CounterGroups.KIND)) {
                throw new IllegalArgumentException("the DHT name '" + d.name() + "' is reserved for the counter groups");
            }
        }
        if (counterReplicas < 1 || counterReplicas > DhtSpec.MAX_REPLICAS) {
            throw new IllegalArgumentException("counter groups need 1.." + DhtSpec.MAX_REPLICAS + " members, got "
                    + counterReplicas);
        }
    }

    /** A node on {@code listen} with the default DHT and default tunables. */
    public static NodeSettings of(HostPort listen, ClusterSecret secret) {
        return new NodeSettings(listen, listen.host(), secret, List.of(DhtSpec.DEFAULT), OverlayConfig.defaults(),
                DhtConfig.defaults(), LinkPolicy.defaults(), 3);
    }

    public NodeSettings withAdvertisedHost(String host) {
        return new NodeSettings(listen, host, secret, dhts, overlay, dht, links, counterReplicas);
    }

    public NodeSettings withDhts(List<DhtSpec> d) {
        return new NodeSettings(listen, advertisedHost, secret, d, overlay, dht, links, counterReplicas);
    }

    public NodeSettings withOverlay(OverlayConfig o) {
        return new NodeSettings(listen, advertisedHost, secret, dhts, o, dht, links, counterReplicas);
    }

    public NodeSettings withCounterReplicas(int r) {
        return new NodeSettings(listen, advertisedHost, secret, dhts, overlay, dht, links, r);
    }

    public NodeSettings withListen(HostPort l) {
        return new NodeSettings(l, l.host(), secret, dhts, overlay, dht, links, counterReplicas);
    }
}

package org.vigne.net.control;

import java.util.ArrayList;
import java.util.List;
import org.vigne.core.Id;
import org.vigne.dht.Dht;
import org.vigne.net.node.GridNode;
import org.vigne.net.node.UnknownDhtException;

/**
 * What {@code POST /dht/{name}} answers: the version this node stores of each key named in the
 * body (one per line; 0 = no copy here). Tools use it to count the live replicas of keys after
 * failures. Built on the node's event loop.
 */
record LocalVersions(String dht, List<String> keys, List<Long> versions) {

    static LocalVersions of(GridNode node, String name, String body) {
        Dht d = node.dht().dht(name).orElseThrow(() -> new UnknownDhtException(name, node.settings().dhts()));
        List<String> keys = body.lines().filter(l -> !l.isEmpty()).toList();
        List<Long> versions = new ArrayList<>(keys.size());
        for (String k : keys) {
            versions.add(d.localVersion(Id.sha1(k)));
        }
        return new LocalVersions(name, keys, versions);
    }
}

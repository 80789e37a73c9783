package org.vigne.net.node;

import java.util.List;
import java.util.stream.Collectors;

/** A request named a DHT this node does not have; the message lists those it has. */
public final class UnknownDhtException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownDhtException(String name, List<DhtSpec> known) {
        super("unknown DHT '" + name + "' (this node has: "
                + known.stream().map(DhtSpec::name).collect(Collectors.joining(", ")) + ")");
    }
}

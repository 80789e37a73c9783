package org.vigne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigne nodes}: the state of a node, or of every node of the local grid. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "Show nodes: id, address, state, leaf set, routing table, neighbours, DHT keys held.")
final class NodesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ControlTargets targets;

    @Option(names = "--json", description = "print the control API's answers as a JSON array")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ControlClient> clients = targets.all();
        List<JsonNode> views = new ArrayList<>();
        int failures = 0;
        for (ControlClient c : clients) {
            try {
                views.add(c.getJson("/nodes"));
            } catch (CliFailure e) {
                if (clients.size() == 1) {
                    throw e;
                }
                err.println("vigne: " + e.getMessage());
                failures++;
            }
        }
        if (json) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            views.forEach(a::add);
            out.println(a.toString());
        } else {
            out.printf("%-8s  %-21s %-7s %6s %6s %18s  %s%n", "NODE", "ADDRESS", "STATE", "LEAVES", "TABLE", "RTT ms mean/max/n",
                    "KEYS");
            for (JsonNode v : views) {
                String id = v.path("id").asText();
                out.printf("%-8s  %-21s %-7s %6d %6d %18s  %s%n", id.substring(0, Math.min(8, id.length())),
                        v.path("address").asText(), v.path("state").asText(), v.path("leafSet").size(),
                        v.path("routingTable").path("filledSlots").asInt(), rtt(v.path("neighbours")), keys(v.path("dhts")));
            }
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    /**
     * Mean and longest RTT over the neighbours measured, and how many; to the hundredth of a
     * millisecond, since loopback round trips take a few tenths.
     */
    static String rtt(JsonNode neighbours) {
        if (neighbours.size() == 0) {
            return "-";
        }
        double sum = 0;
        double max = 0;
        for (JsonNode n : neighbours) {
            double ms = n.path("rttMs").asDouble();
            sum += ms;
            max = Math.max(max, ms);
        }
        return String.format(Locale.ROOT, "%.2f/%.2f/%d", sum / neighbours.size(), max, neighbours.size());
    }

    private static String keys(JsonNode dhts) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode d : dhts) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(d.path("name").asText()).append('=').append(d.path("localKeys").asInt());
        }
        return sb.toString();
    }
}

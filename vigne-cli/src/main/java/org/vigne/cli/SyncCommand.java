package org.vigne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.vigne.client.Vigne;
import org.vigne.client.VigneException;
import org.vigne.net.node.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigne sync barrier|declare|acquire|release|status}: the barriers and semaphores of a
 * running application. Operations are made as one component process: inside a component, its
 * {@code VIGNE_NODE}, {@code VIGNE_TOKEN}, {@code VIGNE_COMPONENT} and {@code VIGNE_INCARNATION}
 * say which; from outside, {@code --component}, {@code --incarnation} and the node running it.
 * They go through the Java client ({@link org.vigne.client.Barrier}, {@link org.vigne.client.Semaphore}),
 * which learns from the node where the process stands (its next generation or operation number),
 * so successive commands of one process continue each other.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Await a barrier, declare, acquire or release a semaphore of a running application (as one of its"
                + " component processes), or show what the nodes know of its barriers and semaphores.")
final class SyncCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    /** The environment to read; the process's own by default (tests give another). */
    Map<String, String> env = System.getenv();

    /** Which component process operates: from the options, else from the environment a node gave the component. */
    static final class Process {
        @Option(names = "--component", paramLabel = "C", description = "component index (default: VIGNE_COMPONENT)")
        Integer component;

        @Option(names = "--incarnation", paramLabel = "I", description = "its incarnation (default: VIGNE_INCARNATION)")
        Integer incarnation;
    }

    @Command(name = "barrier", mixinStandardHelpOptions = true,
            description = "Arrive at barrier NAME of APP and wait until its N parties arrived; prints the generation released.")
    int barrier(@Mixin ControlTargets targets, @Mixin Process process, @Parameters(paramLabel = "APP") String app,
                @Parameters(paramLabel = "NAME") String name,
                @Option(names = "--parties", paramLabel = "N", required = true, description = "parties of the barrier") int parties) {
        long g = as(targets, process, app, v -> v.barrier(name, parties).await());
        return print("released " + name + " generation " + g);
    }

    @Command(name = "declare", mixinStandardHelpOptions = true,
            description = "Create semaphore NAME of APP with N permits (nothing to do if it has as many).")
    int declare(@Mixin ControlTargets targets, @Mixin Process process, @Parameters(paramLabel = "APP") String app,
                @Parameters(paramLabel = "NAME") String name,
                @Option(names = "--permits", paramLabel = "N", required = true, description = "permits of the semaphore") int permits) {
        as(targets, process, app, v -> v.semaphore(name).declare(permits));
        return print("declared " + name + " with " + permits + " permit" + (permits == 1 ? "" : "s"));
    }

    @Command(name = "acquire", mixinStandardHelpOptions = true, description = "Take permits of semaphore NAME of APP, waiting until they are free.")
    int acquire(@Mixin ControlTargets targets, @Mixin Process process, @Parameters(paramLabel = "APP") String app,
                @Parameters(paramLabel = "NAME") String name,
                @Option(names = "--permits", paramLabel = "N", defaultValue = "1", description = "permits (default: 1)") int permits) {
        as(targets, process, app, v -> v.semaphore(name).acquire(permits));
        return print("acquired " + permits + " of " + name);
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Give back permits of semaphore NAME of APP that this process holds.")
    int release(@Mixin ControlTargets targets, @Mixin Process process, @Parameters(paramLabel = "APP") String app,
                @Parameters(paramLabel = "NAME") String name,
                @Option(names = "--permits", paramLabel = "N", defaultValue = "1", description = "permits (default: 1)") int permits) {
        as(targets, process, app, v -> v.semaphore(name).release(permits));
        return print("released " + permits + " of " + name);
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "What each node knows of APP's barriers and semaphores: its participants, and its replica of the sync group.")
    int status(@Mixin ControlTargets targets, @Parameters(paramLabel = "APP") String app,
               @Option(names = "--json", description = "print one JSON object, by node") boolean json) throws IOException {
        Map<String, JsonNode> byNode = new LinkedHashMap<>();
        for (ControlClient c : targets.all()) {
            ControlClient.Response r = c.send("GET", "/apps/" + URLEncoder.encode(app, StandardCharsets.UTF_8) + "/sync", null);
            if (r.status() != 200) {
                throw c.failure(r);
            }
            byNode.put(c.address().toString(), JSON.readTree(r.body()));
        }
        if (json) {
            return print(JSON.writeValueAsString(byNode));
        }
        StringBuilder out = new StringBuilder();
        byNode.forEach((node, view) -> describe(out, node, view));
        return print(out.length() == 0 ? "no node knows of " + app : out.toString().stripTrailing());
    }

    private static void describe(StringBuilder out, String node, JsonNode view) {
        for (Map.Entry<String, JsonNode> p : view.path("participants").properties()) {
            out.append(node).append("  process ").append(p.getKey()).append(" epoch ").append(p.getValue().path("epoch"));
            p.getValue().path("barriers").properties().forEach(b -> out.append("  barrier ").append(b.getKey())
                    .append(" next generation ").append(b.getValue().path("generation"))
                    .append(b.getValue().path("waiting").asBoolean() ? " (waiting)" : ""));
            p.getValue().path("semaphores").properties().forEach(s -> out.append("  semaphore ").append(s.getKey())
                    .append(" holds ").append(s.getValue().path("held"))
                    .append(s.getValue().path("waiting").asBoolean() ? " (waiting)" : ""));
            out.append('\n');
        }
        JsonNode replica = view.path("replica");
        if (!replica.isMissingNode()) {
            out.append(node).append("  replica: epoch ").append(replica.path("epoch"))
                    .append(replica.path("ended").asBoolean() ? " (ended)" : "");
            replica.path("semaphores").properties().forEach(s -> out.append("  semaphore ").append(s.getKey())
                    .append(' ').append(s.getValue().path("available")).append(" of ").append(s.getValue().path("capacity"))
                    .append(" free"));
            out.append('\n');
        }
    }

    /** Runs {@code op} as the process the options or the environment name, on its node; a refusal is one line. */
    private <T> T as(ControlTargets targets, Process process, String app, Function<Vigne, T> op) {
        int component = process.component != null ? process.component : number("VIGNE_COMPONENT", "--component");
        int incarnation = process.incarnation != null ? process.incarnation : number("VIGNE_INCARNATION", "--incarnation");
        boolean inComponent = targets.node == null && targets.dataDir == null && present("VIGNE_NODE") && present("VIGNE_TOKEN");
        ControlClient client = inComponent
                ? new ControlClient(HostPort.parse(env.get("VIGNE_NODE"), "VIGNE_NODE"), env.get("VIGNE_TOKEN"), "VIGNE_TOKEN")
                : targets.one();
        try (Vigne v = client.componentClient(app).asProcess(component, incarnation)) {
            return op.apply(v);
        } catch (VigneException e) {
            throw new CliFailure(e.getMessage());
        }
    }

    private boolean present(String name) {
        String v = env.get(name);
        return v != null && !v.isEmpty();
    }

    private int number(String variable, String option) {
        if (!present(variable)) {
            throw new CliFailure("which process? give " + option + " (inside a component, " + variable + " says)");
        }
        try {
            return Integer.parseInt(env.get(variable));
        } catch (NumberFormatException e) {
            throw new CliFailure(variable + " is not a number: " + env.get(variable));
        }
    }

    private int print(String line) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
        return 0;
    }
}

package org.vigne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vigne apps | status APP | events APP | logs APP | output APP --to DIR | kill APP | rm APP}:
 * an application's manager through a running node's control API; {@code --json} prints the API's
 * answer as it is. The methods are subcommands of {@code vigne} itself ({@link Main} extends this).
 */
abstract class AppCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Command(name = "apps", mixinStandardHelpOptions = true, description = "List the applications of the grid.")
    int apps(@Mixin ControlTargets targets, @Option(names = "--json", description = "print JSON") boolean json) {
        JsonNode list = get(targets, "/apps");
        if (json) {
            return print(list.toString());
        }
        StringBuilder b = new StringBuilder(String.format("%-24s %-12s %-20s %10s %8s%n", "ID", "STATE", "POLICY", "COMPONENTS", "RESTARTS"));
        for (JsonNode a : list) {
            b.append(String.format("%-24s %-12s %-20s %10d %8d%n", a.path("appId").asText(), lower(a, "state"),
                    a.path("policy").asText(), a.path("components").size(), a.path("restarts").asInt()));
        }
        return print(b.toString().stripTrailing());
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "An application's state and each component's node, state, incarnation, restarts and last checkpoint.")
    int status(@Mixin ControlTargets targets, @Parameters(paramLabel = "APP") String app,
               @Option(names = "--json", description = "print JSON") boolean json) {
        JsonNode s = get(targets, "/apps/" + enc(app));
        if (json) {
            return print(s.toString());
        }
        StringBuilder b = new StringBuilder(s.path("appId").asText() + "  " + lower(s, "state") + "  policy "
                + s.path("policy").asText() + "  restarts " + s.path("restarts").asInt());
        if (!s.path("reason").asText().isEmpty()) {
            b.append("\n  ").append(s.path("reason").asText());
        }
        b.append(String.format("%n%-4s %-16s %-10s %-22s %5s %8s %s", "#", "NAME", "STATE", "NODE", "INC", "RESTARTS", "CHECKPOINT"));
        for (JsonNode c : s.path("components")) {
            b.append(String.format("%n%-4d %-16s %-10s %-22s %5d %8d %s", c.path("index").asInt(), c.path("name").asText(),
                    lower(c, "phase"), c.path("node").asText(), c.path("incarnation").asInt(), c.path("restarts").asInt(),
                    c.path("checkpoints").asInt() == 0 ? "-" : "#" + c.path("checkpoints").asInt()));
            if (!c.path("problem").asText().isEmpty()) {
                b.append("  (").append(c.path("problem").asText()).append(')');
            }
        }
        return print(b.toString());
    }

    @Command(name = "events", mixinStandardHelpOptions = true, description = "The manager's event log of an application.")
    int events(@Mixin ControlTargets targets, @Parameters(paramLabel = "APP") String app,
               @Option(names = "--json", description = "print JSON") boolean json) {
        JsonNode events = get(targets, "/apps/" + enc(app) + "/events");
        if (json) {
            return print(events.toString());
        }
        // Times are the manager's clock (its leaders' node clocks, not the epoch): shown from the first event.
        long t0 = events.size() == 0 ? 0 : events.get(0).path("timeMs").asLong();
        StringBuilder b = new StringBuilder();
        for (JsonNode e : events) {
            b.append(String.format("+%9.3fs %-16s", (e.path("timeMs").asLong() - t0) / 1000.0, lower(e, "type")));
            if (e.path("component").asInt() >= 0) {
                b.append(" c").append(e.path("component").asInt()).append(".i").append(e.path("incarnation").asInt());
            }
            if (!e.path("node").asText().isEmpty()) {
                b.append(" on ").append(e.path("node").asText());
            }
            if (!e.path("detail").asText().isEmpty()) {
                b.append(": ").append(e.path("detail").asText());
            }
            b.append('\n');
        }
        return print(b.toString().stripTrailing());
    }

    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = "Print a component's stdout (or stderr), read from the node running it, or from what was stored"
                    + " when it ended; --follow streams it until the component ends, across restarts.")
    int logs(@Mixin ControlTargets targets, @Parameters(paramLabel = "APP") String app,
             @Option(names = "--component", paramLabel = "I", defaultValue = "0") int component,
             @Option(names = "--stderr", description = "stderr instead of stdout") boolean stderr,
             @Option(names = {"-f", "--follow"}, description = "keep printing until the component ends") boolean follow,
             @Option(names = "--where", description = "only say where the logs are (node and sandbox)") boolean where,
             @Option(names = "--json", description = "with --where: print JSON") boolean json) throws InterruptedException {
        if (where || json) {
            JsonNode l = get(targets, "/apps/" + enc(app) + "/logs?component=" + component);
            if (json) {
                return print(l.toString());
            }
            return print("component " + component + " incarnation " + l.path("incarnation").asInt() + " on "
                    + l.path("node").asText() + ": sandboxes/" + l.path("sandbox").asText() + " in that node's data dir"
                    + (l.path("storedLogs").asText().isEmpty() ? "" : "; stored logs " + l.path("storedLogs").asText()));
        }
        return new LogFollower(targets.one(), app, component, stderr ? "stderr" : "stdout", spec.commandLine().getOut(),
                spec.commandLine().getErr()).run(follow);
    }

    @Command(name = "output", mixinStandardHelpOptions = true,
            description = "Write the committed outputs of an application's components under DIR/COMPONENT/.")
    int output(@Mixin ControlTargets targets, @Parameters(paramLabel = "APP") String app,
               @Option(names = "--to", paramLabel = "DIR", required = true) Path dir) throws IOException {
        JsonNode out = get(targets, "/apps/" + enc(app) + "/output");
        int files = 0;
        for (Map.Entry<String, JsonNode> c : out.properties()) {
            Path cdir = dir.resolve(Integer.toString(Integer.parseInt(c.getKey())));
            for (Map.Entry<String, JsonNode> f : c.getValue().properties()) {
                Path p = cdir.resolve(f.getKey()).normalize();
                if (!p.startsWith(cdir)) {
                    throw new CliFailure("refusing output path " + f.getKey() + ": outside " + cdir);
                }
                Files.createDirectories(p.getParent());
                Files.write(p, Base64.getDecoder().decode(f.getValue().asText()));
                files++;
            }
        }
        return print("wrote " + files + " files of " + out.size() + " components under " + dir);
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "Kill an application: every instance is stopped.")
    int kill(@Mixin ControlTargets targets, @Parameters(paramLabel = "APP") String app) {
        JsonNode s = send(targets, "POST", "/apps/" + enc(app) + "/kill");
        return print(s.path("appId").asText() + " " + lower(s, "state"));
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a finished application and its files.")
    int rm(@Mixin ControlTargets targets, @Parameters(paramLabel = "APP") String app) {
        JsonNode s = send(targets, "DELETE", "/apps/" + enc(app));
        return print(s.path("removed").asBoolean() ? "removed " + app : app + " was already removed");
    }

    private static String lower(JsonNode n, String field) {
        return n.path(field).asText().toLowerCase(java.util.Locale.ROOT);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode get(ControlTargets targets, String path) {
        return send(targets, "GET", path);
    }

    private static JsonNode send(ControlTargets targets, String method, String path) {
        ControlClient c = targets.one();
        ControlClient.Response r = c.send(method, path, null);
        if (r.status() != 200) {
            throw c.failure(r);
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new CliFailure("the control API at " + c.address() + " answered with malformed JSON");
        }
    }

    private int print(String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(text);
        out.flush();
        return 0;
    }
}

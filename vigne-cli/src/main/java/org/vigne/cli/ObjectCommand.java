package org.vigne.cli;

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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigne object get|put|cas}: one access to a shared object of a running application,
 * through the control API of a node that runs one of its components.
 */
@Command(name = "object", mixinStandardHelpOptions = true,
        description = "Read, write or compare-and-set a shared object of a running application (ask a node running one of its components).")
final class ObjectCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the value of object NAME of application APP.")
    int get(@Mixin ControlTargets targets, @Parameters(paramLabel = "APP") String app,
            @Parameters(paramLabel = "NAME") String name) {
        ControlClient c = targets.one();
        ControlClient.Response r = c.send("GET", path(app, name), null);
        if (r.status() != 200) {
            throw c.failure(r);
        }
        out().println(r.text());
        out().flush();
        return 0;
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Write VALUE (or the bytes of --file) into object NAME of application APP.")
    int put(@Mixin ControlTargets targets, @Parameters(paramLabel = "APP") String app,
            @Parameters(paramLabel = "NAME") String name, @Parameters(paramLabel = "VALUE", arity = "0..1") String value,
            @Option(names = "--file", paramLabel = "FILE", description = "read the value from FILE") Path file) throws IOException {
        if ((value == null) == (file == null)) {
            throw new IllegalArgumentException("give either VALUE or --file FILE");
        }
        byte[] bytes = file != null ? Files.readAllBytes(file) : value.getBytes(StandardCharsets.UTF_8);
        ControlClient c = targets.one();
        ControlClient.Response r = c.send("PUT", path(app, name), bytes);
        if (r.status() == 413 && r.body().length == 0) {
            throw new CliFailure("value of " + bytes.length + " bytes is over the node's size limit");
        }
        if (r.status() != 200) {
            throw c.failure(r);
        }
        out().println("wrote " + name + " of " + app);
        out().flush();
        return 0;
    }

    @Command(name = "cas", mixinStandardHelpOptions = true,
            description = "Write VALUE into object NAME of application APP only if it holds EXPECTED; exit 1 (printing what it holds) if not.")
    int cas(@Mixin ControlTargets targets, @Parameters(paramLabel = "APP") String app,
            @Parameters(paramLabel = "NAME") String name, @Parameters(paramLabel = "EXPECTED") String expected,
            @Parameters(paramLabel = "VALUE") String value) throws IOException {
        Base64.Encoder b64 = Base64.getEncoder();
        byte[] body = JSON.writeValueAsBytes(Map.of(
                "expected", b64.encodeToString(expected.getBytes(StandardCharsets.UTF_8)),
                "value", b64.encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        ControlClient c = targets.one();
        ControlClient.Response r = c.send("POST", path(app, name) + "/cas", body);
        if (r.status() == 409 && r.conflict()) {
            out().println("not swapped: " + name + " holds " + r.text());
            out().flush();
            return 1;
        }
        if (r.status() != 200) {
            throw c.failure(r);
        }
        out().println("swapped " + name + " of " + app);
        out().flush();
        return 0;
    }

    static String path(String app, String name) {
        return "/apps/" + segment(app) + "/objects/" + segment(name);
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}

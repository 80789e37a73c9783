package org.vigne.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.vigne.apps.spec.ApplicationSpec;
import org.vigne.apps.spec.ComponentSpec;
import org.vigne.apps.spec.InputFile;
import org.vigne.apps.spec.SpecException;
import org.vigne.apps.spec.SpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vigne submit FILE} or {@code vigne submit --name N --count C --policy P -- CMD ARGS...}:
 * reads and checks the spec and its input files here (a malformed spec or a missing input is one
 * line, before anything is sent), then submits through a node's control API and prints the id.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit an application; prints its id.")
final class SubmitCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ControlTargets targets;

    @Option(names = "--name", paramLabel = "N", description = "name of an application given by its command")
    String name;

    @Option(names = "--count", paramLabel = "C", defaultValue = "1", description = "copies of the command (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--policy", paramLabel = "P", defaultValue = "restart",
            description = "none, restart or checkpoint-restart (default: ${DEFAULT-VALUE})")
    String policy;

    @Parameters(paramLabel = "FILE | CMD ARGS", description = "a spec file (YAML or JSON), or after --: the command")
    List<String> args = List.of();

    @Override
    public Integer call() throws IOException {
        String file;
        String text;
        Path base;
        if (name != null) {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("--name needs a command: vigne submit --name N -- CMD ARGS...");
            }
            file = name + ".json";
            text = commandSpec();
            base = Path.of(".");
        } else if (args.size() == 1) {
            Path p = Path.of(args.get(0));
            try {
                text = Files.readString(p);
            } catch (NoSuchFileException e) {
                throw new CliFailure("spec file " + p + " does not exist");
            }
            file = p.getFileName().toString();
            base = p.toAbsolutePath().getParent();
        } else {
            throw new IllegalArgumentException("give a spec FILE, or --name N -- CMD ARGS...");
        }
        ApplicationSpec s;
        try {
            s = SpecReader.read(file, text);
        } catch (SpecException e) {
            throw new CliFailure(file + ": " + e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", file);
        body.put("spec", text);
        body.put("inputs", inputs(s, base));
        ControlClient c = targets.one();
        ControlClient.Response r = c.send("POST", "/apps", JSON.writeValueAsBytes(body));
        if (r.status() != 200) {
            throw c.failure(r);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(JSON.readTree(r.body()).path("id").asText());
        out.flush();
        return 0;
    }

    private String commandSpec() throws IOException {
        Map<String, Object> template = Map.of("command", args);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("components", Map.of("count", count, "template", template));
        s.put("policy", Map.of("type", policy));
        return JSON.writeValueAsString(s);
    }

    /** Every input's bytes by its source, read relative to the spec's directory. */
    private static Map<String, String> inputs(ApplicationSpec s, Path base) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (ComponentSpec c : s.components().all()) {
            for (InputFile in : c.inputs()) {
                Path p = base.resolve(in.source());
                if (!Files.isRegularFile(p)) {
                    throw new CliFailure("input " + in.source() + ": no such file " + p);
                }
                out.put(in.source(), Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
            }
        }
        return out;
    }
}

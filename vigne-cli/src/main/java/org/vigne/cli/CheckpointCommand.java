package org.vigne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vigne.net.node.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code vigne checkpoint}, run by a component: the node stores the component's
 * {@code VIGNE_CHECKPOINT_DIR} now as its next checkpoint, and the component goes on running (the
 * other way to checkpoint is to exit with the spec's {@code checkpointExitCode}). It finds its
 * node, application, instance and token in the environment the executor gave it.
 */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Inside a component: store its VIGNE_CHECKPOINT_DIR now as a checkpoint, and go on running.")
final class CheckpointCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The environment to read; the process's own by default (tests give another). */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        String node = need("VIGNE_NODE");
        String app = need("VIGNE_APP");
        ControlClient client = new ControlClient(HostPort.parse(node, "VIGNE_NODE"), need("VIGNE_TOKEN"), "VIGNE_TOKEN");
        ControlClient.Response r = client.send("POST", "/apps/" + URLEncoder.encode(app, StandardCharsets.UTF_8)
                + "/checkpoint?component=" + need("VIGNE_COMPONENT") + "&incarnation=" + need("VIGNE_INCARNATION"), null);
        if (r.status() != 200) {
            throw client.failure(r);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new CliFailure("the node at " + node + " answered with malformed JSON");
        }
        spec.commandLine().getOut().println("checkpoint " + answer.path("sequence").asInt() + " taken");
        spec.commandLine().getOut().flush();
        return 0;
    }

    private String need(String name) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            throw new CliFailure(name + " is not set: vigne checkpoint runs inside a component started by a node");
        }
        return v;
    }
}

package org.vigne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code vigne logs APP [--follow]}: reads a component's log from {@code GET /apps/ID/log} chunk
 * by chunk and prints it; when following, polls for more until the component has ended, starts
 * again from the top (after a line on stderr) when the component runs as a new incarnation, and
 * rides out a node that does not answer (it may just have died: the manager will restart the
 * component elsewhere).
 */
final class LogFollower {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Pause between polls when there is nothing new. */
    private static final long POLL_MS = 500;

    private final ControlClient client;
    private final String path;
    private final PrintWriter out;
    private final PrintWriter err;

    LogFollower(ControlClient client, String app, int component, String stream, PrintWriter out, PrintWriter err) {
        this.client = client;
        this.path = "/apps/" + URLEncoder.encode(app, StandardCharsets.UTF_8) + "/log?component=" + component
                + "&stream=" + stream;
        this.out = out;
        this.err = err;
    }

    /** Prints what there is (all of it until the component ends, with {@code follow}); returns the exit code. */
    int run(boolean follow) throws InterruptedException {
        long offset = 0;
        int incarnation = -1;
        while (true) {
            ControlClient.Response r = client.send("GET", path + "&offset=" + offset, null);
            if (r.status() == 503 && follow) {
                Thread.sleep(POLL_MS);
                continue;
            }
            if (r.status() != 200) {
                throw client.failure(r);
            }
            JsonNode t = read(r);
            int inc = t.path("incarnation").asInt();
            if (incarnation >= 0 && inc != incarnation) {
                err.println("--- incarnation " + inc + " on " + t.path("node").asText());
                err.flush();
                incarnation = inc;
                offset = 0;
                continue;
            }
            incarnation = inc;
            byte[] data = Base64.getDecoder().decode(t.path("data").asText());
            out.print(new String(data, StandardCharsets.UTF_8));
            out.flush();
            offset += data.length;
            if (data.length == 0) {
                if (!follow || t.path("ended").asBoolean()) {
                    return 0;
                }
                Thread.sleep(POLL_MS);
            }
        }
    }

    private JsonNode read(ControlClient.Response r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new CliFailure("the control API at " + client.address() + " answered with malformed JSON");
        }
    }
}

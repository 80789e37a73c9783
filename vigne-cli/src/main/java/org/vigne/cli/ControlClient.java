package org.vigne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.vigne.net.node.HostPort;

/**
 * A client of one node's control API (HTTP + JSON, bearer token) that turns every failure into a
 * one-line {@link CliFailure} an operator can act on, a malformed reply included. It sends its
 * token to a loopback address only, whatever a {@code control-address} file says: the control
 * API never listens elsewhere, so any other address is a mistake or a lure. Public so tests and
 * benchmarks can drive nodes the way the {@code vigne} command does.
 */
public final class ControlClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();

    /**
     * A response: status, body, the value's version when there is one, and whether it is a shared
     * object's compare-and-set that found another value (409 with that value as the body).
     */
    public record Response(int status, byte[] body, long version, boolean conflict) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HostPort address;
    private final String base;
    private final String token;
    private final String tokenSource;

    /**
     * A client of the node at {@code address}, authenticating with {@code token} read from {@code tokenSource}.
     *
     * @throws CliFailure when {@code address} is not a loopback address
     */
    public ControlClient(HostPort address, String token, String tokenSource) {
        InetAddress ip;
        try {
            ip = address.loopbackAddress();
        } catch (IllegalArgumentException e) {
            throw new CliFailure("refusing to send the control token from " + tokenSource + " to " + address
                    + ": not a loopback address (a control API listens on loopback only)");
        }
        String host = ip instanceof Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
        this.address = address;
        this.base = "http://" + host + ":" + address.port();
        this.token = token;
        this.tokenSource = tokenSource;
    }

    public HostPort address() {
        return address;
    }

    /** The Java client library's connection to the same node with the same token, for application {@code app}. */
    public org.vigne.client.Vigne componentClient(String app) {
        return org.vigne.client.Vigne.connect(address.toString(), app, token);
    }

    /**
     * {@code GET path} as JSON, or empty when it cannot be had now (not 200, unreachable, not
     * JSON): for polling a node that may be busy or just killed.
     */
    public java.util.Optional<JsonNode> poll(String path) {
        try {
            Response r = send("GET", path, null);
            return r.status() == 200 ? java.util.Optional.ofNullable(JSON.readTree(r.body())) : java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** {@code GET path} as a JSON object; fails unless 200 with one. */
    public JsonNode getJson(String path) {
        Response r = send("GET", path, null);
        if (r.status() != 200) {
            throw failure(r);
        }
        JsonNode n;
        try {
            n = JSON.readTree(r.body());
        } catch (IOException e) {
            throw malformed("bad JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (n == null || !n.isObject()) {
            throw malformed("JSON that is not an object");
        }
        return n;
    }

    private CliFailure malformed(String what) {
        return new CliFailure("the control API at " + address + " answered with a malformed reply: " + what);
    }

    private static String firstLine(String text) {
        String s = String.valueOf(text);
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The path of key {@code key} in DHT {@code dht}, each segment URL-encoded. */
    public static String dhtPath(String dht, String key) {
        return "/dht/" + URLEncoder.encode(dht, StandardCharsets.UTF_8) + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** Sends a request; fails only when the node cannot be reached or rejects the token. */
    public Response send(String method, String path, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> resp;
        try {
            resp = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new CliFailure("the control API at " + address + " did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new CliFailure("cannot reach the control API at " + address + ": connection refused — is the node running?");
        } catch (IOException e) {
            throw new CliFailure("cannot reach the control API at " + address + ": " + firstLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
        if (resp.statusCode() == 401) {
            throw new CliFailure("the control API at " + address + " refused the token from " + tokenSource + ": "
                    + errorText(resp.body(), "wrong control token") + " (was the node restarted with another data dir?)");
        }
        if (resp.statusCode() == 403) {
            throw new CliFailure("the control API at " + address + " refused the token from " + tokenSource + ": "
                    + errorText(resp.body(), "forbidden"));
        }
        return new Response(resp.statusCode(), resp.body(), version(resp),
                resp.headers().firstValue("X-Vigne-Outcome").map("conflict"::equalsIgnoreCase).orElse(false));
    }

    private long version(HttpResponse<byte[]> resp) {
        String v = resp.headers().firstValue("X-Vigne-Version").orElse(null);
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw malformed("X-Vigne-Version '" + firstLine(v) + "' is not a number");
        }
    }

    /** The failure a non-OK response stands for, with the node's own explanation. */
    public CliFailure failure(Response r) {
        if (r.status() == 413 && r.body().length == 0) {
            return new CliFailure("the value is over the node's size limit");
        }
        return new CliFailure(errorText(r.body(), "the control API at " + address + " answered " + r.status()));
    }

    private static String errorText(byte[] body, String fallback) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull("error")) {
                return n.get("error").asText();
            }
        } catch (IOException e) {
            // Not JSON: use the fallback.
        }
        return fallback;
    }
}

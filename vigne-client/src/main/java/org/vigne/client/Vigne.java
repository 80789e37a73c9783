package org.vigne.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A component's door to its node: the shared objects of its application, reached through the
 * node's control API on loopback with the token the node gave the component. A component started
 * by a node gets everything from its environment ({@link #fromEnvironment()}):
 * {@code VIGNE_NODE} (the control API's {@code host:port}), {@code VIGNE_APP} (its application's
 * id) and {@code VIGNE_TOKEN} (a token that opens that application's objects only).
 *
 * <p>One instance keeps one persistent connection; it is thread-safe, and threads take turns on
 * it (open one instance per thread for parallel accesses). Close it when done.
 *
 * <pre>{@code
 * try (Vigne vigne = Vigne.fromEnvironment()) {
 *     SharedObject counter = vigne.object("counter");
 *     long next = counter.addAndGet(1);
 * }
 * }</pre>
 */
public final class Vigne implements AutoCloseable {
    private final NodeConnection connection;
    private final String app;

    private Vigne(NodeConnection connection, String app) {
        this.connection = connection;
        this.app = app;
    }

    /** Connects with {@code VIGNE_NODE}, {@code VIGNE_APP} and {@code VIGNE_TOKEN} from the environment. */
    public static Vigne fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Connects with the three variables read from {@code env}; fails naming the first one missing. */
    public static Vigne fromEnvironment(Map<String, String> env) {
        return connect(require(env, "VIGNE_NODE"), require(env, "VIGNE_APP"), require(env, "VIGNE_TOKEN"));
    }

    /**
     * Connects to the control API at {@code node} ({@code host:port}) for application {@code app},
     * with {@code token}: the application's token, or the node's own control token.
     */
    public static Vigne connect(String node, String app, String token) {
        int colon = node.lastIndexOf(':');
        if (colon <= 0 || colon == node.length() - 1) {
            throw new IllegalArgumentException("a node address is HOST:PORT, got \"" + node + "\"");
        }
        String host = node.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(node.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a node address is HOST:PORT, got \"" + node + "\"");
        }
        if (app == null || app.isEmpty() || token == null || token.isEmpty()) {
            throw new IllegalArgumentException("an application id and a token are needed");
        }
        return new Vigne(new NodeConnection(host, port, token), app);
    }

    private static String require(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException(name + " is not set: a component started by a Vigne node has it"
                    + " (VIGNE_NODE, VIGNE_APP and VIGNE_TOKEN)");
        }
        return v;
    }

    /** The application whose objects this client reaches. */
    public String application() {
        return app;
    }

    /** The shared object {@code name} of this application (nothing is sent until it is used). */
    public SharedObject object(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an object name is not empty");
        }
        return new SharedObject(connection, "/apps/" + segment(app) + "/objects/" + segment(name), name);
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        connection.close();
    }
}

package org.vigne.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A component's door to its node: the shared objects of its application, reached through the
 * node's control API on loopback with the token the node gave the component. A component started
 * by a node gets everything from its environment ({@link #fromEnvironment()}):
 * {@code VIGNE_NODE} (the control API's {@code host:port}), {@code VIGNE_APP} (its application's
 * id) and {@code VIGNE_TOKEN} (a token that opens that application's objects only), and for
 * barriers and semaphores, which count per process, {@code VIGNE_COMPONENT} and
 * {@code VIGNE_INCARNATION}.
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
    /** {@code component=C&incarnation=I}: the process barriers and semaphores count, or null when unknown. */
    private final String process;

    private Vigne(NodeConnection connection, String app, String process) {
        this.connection = connection;
        this.app = app;
        this.process = process;
    }

    /** Connects with {@code VIGNE_NODE}, {@code VIGNE_APP} and {@code VIGNE_TOKEN} from the environment. */
    public static Vigne fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Connects with the three variables read from {@code env}; fails naming the first one missing. */
    public static Vigne fromEnvironment(Map<String, String> env) {
        Vigne v = connect(require(env, "VIGNE_NODE"), require(env, "VIGNE_APP"), require(env, "VIGNE_TOKEN"));
        String c = env.get("VIGNE_COMPONENT");
        String i = env.get("VIGNE_INCARNATION");
        if (c == null || i == null || c.isEmpty() || i.isEmpty()) {
            return v;
        }
        try {
            return v.asProcess(Integer.parseInt(c), Integer.parseInt(i));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("VIGNE_COMPONENT and VIGNE_INCARNATION are numbers, got " + c + " and " + i);
        }
    }

    /**
     * The same connection, for barriers and semaphores as component {@code component}'s
     * incarnation {@code incarnation} (what {@link #fromEnvironment()} reads from
     * {@code VIGNE_COMPONENT} and {@code VIGNE_INCARNATION}); closing either closes both.
     */
    public Vigne asProcess(int component, int incarnation) {
        if (component < 0 || incarnation < 0) {
            throw new IllegalArgumentException("component and incarnation are at least 0");
        }
        return new Vigne(connection, app, "component=" + component + "&incarnation=" + incarnation);
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
        return new Vigne(new NodeConnection(host, port, token), app, null);
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

    /** The barrier {@code name} of this application, awaited by {@code parties} processes per generation. */
    public Barrier barrier(String name, int parties) {
        return new Barrier(connection, path("barriers", name), processOrFail(), name, parties);
    }

    /** The semaphore {@code name} of this application ({@link Semaphore#declare} it before first use). */
    public Semaphore semaphore(String name) {
        return new Semaphore(connection, path("semaphores", name), processOrFail(), name);
    }

    /**
     * Takes this process's {@code VIGNE_CHECKPOINT_DIR} now as its next checkpoint, with the values
     * of the application's shared objects at this instant, and goes on (what {@code vigne
     * checkpoint} does); returns once both are taken and answers the checkpoint's number. A restart
     * from this checkpoint finds both as they were here. With a coordinated policy, a round is
     * committed once every component took that many.
     *
     * @throws VigneException when the node refuses (not running here, too large, objects unreadable)
     */
    public int checkpoint() {
        NodeConnection.Answer a = connection.exchange("POST", "/apps/" + segment(app) + "/checkpoint?" + processOrFail(),
                null, null);
        if (a.status() != 200) {
            throw new VigneException(a.status(), "checkpoint: " + a.reason());
        }
        return (int) a.number("sequence");
    }

    private String path(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a name is not empty");
        }
        return "/apps/" + segment(app) + "/" + kind + "/" + segment(name);
    }

    private String processOrFail() {
        if (process == null) {
            throw new IllegalStateException("barriers and semaphores count per process: connect with fromEnvironment()"
                    + " (VIGNE_COMPONENT, VIGNE_INCARNATION) or asProcess(component, incarnation)");
        }
        return process;
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        connection.close();
    }
}

package org.vigne.net.node;

import java.nio.file.Path;

/**
 * Where Vigne keeps node data dirs and the local grid's state: {@code ~/.vigne} unless the
 * {@code vigne.home} system property or the {@code VIGNE_HOME} environment variable says otherwise
 * (tests and several users on one machine set it).
 */
public final class VigneHome {
    private VigneHome() {
    }

    /** The home directory of Vigne's state. */
    public static Path dir() {
        String p = System.getProperty("vigne.home");
        if (p == null || p.isBlank()) {
            p = System.getenv("VIGNE_HOME");
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".vigne");
        }
        return Path.of(p);
    }

    /** The default data dir of a node listening on {@code port}. */
    public static Path nodeDir(int port) {
        return dir().resolve(Integer.toString(port));
    }

    /** The state dir of the local grid. */
    public static Path localGridDir() {
        return dir().resolve("local");
    }
}

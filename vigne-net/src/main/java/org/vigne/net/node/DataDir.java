package org.vigne.net.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.vigne.core.Id;

/**
 * A node's data directory: its id kept across restarts ({@code node-id}, 40 hex digits), and what
 * the {@code vigne} commands need to reach its control API ({@code control-address}, and
 * {@code control-token}, readable by the owner only), and the sandboxes of the component instances
 * it runs ({@code sandboxes/}). A node that keeps its id comes back at the same place on the
 * ring, so the keys it held are still its own.
 */
public final class DataDir {
    public static final String NODE_ID = "node-id";
    public static final String CONTROL_TOKEN = "control-token";
    public static final String CONTROL_ADDRESS = "control-address";
    /** Where the node's executor keeps one sandbox directory per component instance. */
    public static final String SANDBOXES = "sandboxes";

    private final Path dir;

    private DataDir(Path dir) {
        this.dir = dir;
    }

    /** Opens {@code dir}, creating it (mode 0700) if needed. */
    public static DataDir open(Path dir) {
        try {
            PrivateFiles.createDir(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the data dir " + dir + ": " + e.getMessage(), e);
        }
        return new DataDir(dir);
    }

    public Path path() {
        return dir;
    }

    /** The root of the node's component sandboxes. */
    public Path sandboxes() {
        return dir.resolve(SANDBOXES);
    }

    /** The id stored here, or a fresh random one, stored for the next start. */
    public Id nodeId() {
        Path f = dir.resolve(NODE_ID);
        try {
            String hex = Files.readString(f, StandardCharsets.UTF_8).trim();
            try {
                return Id.fromHex(hex);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f + " does not hold a node id (40 hexadecimal digits)", e);
            }
        } catch (NoSuchFileException e) {
            Id id = Id.fromBytes(randomBytes(Id.BYTES));
            write(f, id.toString() + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** Writes a fresh control token (mode 0600) and returns it. */
    public String newControlToken() {
        String token = HexFormat.of().formatHex(randomBytes(32));
        write(dir.resolve(CONTROL_TOKEN), token + "\n");
        return token;
    }

    /** Records where the control API listens. */
    public void writeControlAddress(HostPort address) {
        write(dir.resolve(CONTROL_ADDRESS), address + "\n");
    }

    /** Removes the control files (the node stopped cleanly). */
    public void clearControlFiles() {
        try {
            Files.deleteIfExists(dir.resolve(CONTROL_ADDRESS));
            Files.deleteIfExists(dir.resolve(CONTROL_TOKEN));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir, e);
        }
    }

    /** The control token a node wrote in {@code dir}, if any. */
    public static Optional<String> readControlToken(Path dir) {
        return readLine(dir.resolve(CONTROL_TOKEN));
    }

    /** The control address a node wrote in {@code dir}, if any. */
    public static Optional<HostPort> readControlAddress(Path dir) {
        return readLine(dir.resolve(CONTROL_ADDRESS)).map(s -> HostPort.parse(s, dir.resolve(CONTROL_ADDRESS).toString()));
    }

    private static Optional<String> readLine(Path f) {
        try {
            String s = Files.readString(f, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    private static void write(Path f, String text) {
        try {
            PrivateFiles.write(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}

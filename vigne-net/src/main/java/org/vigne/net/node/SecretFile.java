package org.vigne.net.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.vigne.net.secure.ClusterSecret;

/**
 * The cluster secret as kept on disk: one line of text (surrounding whitespace ignored), the same
 * file on every node of a grid. Errors are one line an operator can act on.
 */
public final class SecretFile {
    /** Shortest secret accepted: shorter ones can be guessed offline from a captured handshake. */
    public static final int MIN_CHARS = 16;

    private SecretFile() {
    }

    /** Reads the secret in {@code file}. */
    public static ClusterSecret read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("secret file " + file + " does not exist (create one with: "
                    + "head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n' > " + file + ")");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read the secret file " + file + ": permission denied");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the secret file " + file + ": " + e.getMessage());
        }
        if (text.length() < MIN_CHARS) {
            throw new IllegalArgumentException("the secret in " + file + " is " + (text.isEmpty() ? "empty" : "too short")
                    + ": use at least " + MIN_CHARS + " characters (e.g. 64 random hex digits)");
        }
        return ClusterSecret.of(text);
    }

    /** The secret in {@code file}, first writing a fresh random one (mode 0600) if there is none. */
    public static ClusterSecret readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            PrivateFiles.write(file, HexFormat.of().formatHex(b) + "\n");
        }
        return read(file);
    }
}

package org.vigne.net.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.vigne.net.secure.ClusterSecret;

/**
 * The cluster secret as kept on disk: one line of text (surrounding whitespace ignored), the same
 * file on every node of a grid, which only its owner may read. The text is the key; it must
 * encode at least {@link #MIN_BYTES} random bytes, as hexadecimal digits or base64, because a
 * peer that sees one handshake can test guesses of a weaker secret offline. {@link #create}
 * writes a good one. Errors are one line an operator can act on.
 */
public final class SecretFile {
    /** Fewest random bytes a secret must encode. */
    public static final int MIN_BYTES = 32;
    /** Random text of {@link #MIN_BYTES} bytes has far more distinct characters than this. */
    private static final int MIN_DISTINCT_CHARS = 10;

    private SecretFile() {
    }

    /** Reads the secret in {@code file}, refusing one other users may read or one too weak. */
    public static ClusterSecret read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
            String mode = PrivateFiles.othersMode(file);
            if (mode != null) {
                throw new IllegalArgumentException("secret file " + file + " is open to other users (mode " + mode
                        + "): make it readable by you only with: chmod 600 " + file);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("secret file " + file + " does not exist (create one with: vigne secret new "
                    + file + ")");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read the secret file " + file + ": permission denied");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the secret file " + file + ": " + e.getMessage());
        }
        String weakness = weakness(text);
        if (weakness != null) {
            throw new IllegalArgumentException("the secret in " + file + " is " + weakness + ": it must be at least "
                    + MIN_BYTES + " random bytes, as hexadecimal digits or base64 (make one with: vigne secret new FILE)");
        }
        return ClusterSecret.of(text);
    }

    /** Why {@code text} is not a good secret, or null when it is. */
    static String weakness(String text) {
        if (text.isEmpty()) {
            return "empty";
        }
        int bytes = encodedBytes(text);
        if (bytes < 0) {
            return "neither hexadecimal digits nor base64";
        }
        if (bytes < MIN_BYTES) {
            return "too short (" + bytes + " bytes)";
        }
        if (text.chars().distinct().count() < MIN_DISTINCT_CHARS) {
            return "not random (too few distinct characters)";
        }
        return null;
    }

    /** Bytes that {@code text} encodes as hexadecimal digits, else as base64; -1 if neither. */
    private static int encodedBytes(String text) {
        if (text.length() % 2 == 0 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return text.length() / 2;
        }
        try {
            return Base64.getDecoder().decode(text).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /**
     * Writes a new secret, {@link #MIN_BYTES} bytes from a cryptographic generator as hexadecimal
     * digits, to {@code file} with mode 0600.
     *
     * @throws IllegalArgumentException when {@code file} exists (a grid's secret is never replaced by mistake)
     */
    public static void create(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists already: remove it first to replace the secret");
        }
        byte[] b = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(b);
        PrivateFiles.write(file, HexFormat.of().formatHex(b) + "\n");
    }

    /** The secret in {@code file}, first writing a fresh random one (mode 0600) if there is none. */
    public static ClusterSecret readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        return read(file);
    }
}

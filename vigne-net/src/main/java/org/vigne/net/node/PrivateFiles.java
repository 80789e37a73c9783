package org.vigne.net.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files only their owner may read (mode 0600, directories 0700), atomically, so a secret
 * or a token is never visible half-written or to other users; and checks that a directory holding
 * them is this user's own, since whoever can write in it can swap the files it holds (a forged
 * {@code control-address} would lure the CLI into sending its token elsewhere).
 */
public final class PrivateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OTHERS_WRITE =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> OTHERS_ANY = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} and its parents if needed, a new leaf directory with mode 0700. An
     * existing one must belong to this user; if other users may write in it, its mode is set to
     * 0700 and a warning says so.
     *
     * @throws IllegalArgumentException when an existing {@code dir} belongs to another user, or is not a directory
     */
    public static void createDir(Path dir) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(dir)) {
            requireOwnDir(dir);
            fixMode(dir);
            return;
        }
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /**
     * Fails unless {@code dir} is a directory that belongs to this user and that other users
     * cannot write in, with a one-line message saying how to fix it.
     */
    public static void requirePrivateDir(Path dir) throws IOException {
        requireOwnDir(dir);
        if (POSIX) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
            if (mode.stream().anyMatch(OTHERS_WRITE::contains)) {
                throw new IllegalArgumentException(dir + " is writable by other users (mode "
                        + octal(mode) + "), so its files cannot be trusted: chmod 700 " + dir);
            }
        }
    }

    /** Other users' permissions on {@code file}, in octal (e.g. "0644"), or null when it has none. */
    public static String othersMode(Path file) throws IOException {
        if (!POSIX) {
            return null;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        return mode.stream().anyMatch(OTHERS_ANY::contains) ? octal(mode) : null;
    }

    private static void requireOwnDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " exists and is not a directory");
        }
        if (!POSIX) {
            return;
        }
        UserPrincipal owner = Files.getOwner(dir);
        UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!owner.equals(me)) {
            throw new IllegalArgumentException(dir + " belongs to " + owner.getName() + ", not to "
                    + me.getName() + ": use a directory of your own");
        }
    }

    private static void fixMode(Path dir) throws IOException {
        if (!POSIX) {
            return;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
        if (mode.stream().anyMatch(OTHERS_WRITE::contains)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            LOG.warn("{} was writable by other users (mode {}): its mode is now 0700", dir, octal(mode));
        }
    }

    static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission p : mode) {
            bits |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", bits);
    }

    /** Replaces {@code file} with {@code text} (UTF-8), mode 0600 from the first byte on. */
    public static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = POSIX
                ? Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

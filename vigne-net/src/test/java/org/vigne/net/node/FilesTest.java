package org.vigne.net.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.net.fixtures.LogCapture;

/** The files a node trusts (finding 5 of issue 7): its data dir and its secret. */
class FilesTest {
    @TempDir
    Path tmp;

    @Test
    void dataDirOthersCanWrite_isMadePrivate_withALineSayingSo() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (LogCapture log = new LogCapture("org.vigne.net.node.PrivateFiles")) {
            DataDir.open(dir);

            assertThat(log.warnings()).containsExactly(dir + " was writable by other users (mode 0777): its mode is now 0700");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void dataDirOfAnotherUser_isRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("theirs"));
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        String me = System.getProperty("user.name");
        if (me.equals("root")) {
            Files.setOwner(dir, nobody);
        } else {
            dir = Path.of("/");
        }
        Path target = dir;

        assertThatThrownBy(() -> DataDir.open(target)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(target + " belongs to " + Files.getOwner(target).getName() + ", not to " + me
                        + ": use a directory of your own");
    }

    @Test
    void secretOthersCanRead_isRefused_withTheCommandThatFixesIt() throws Exception {
        Path f = tmp.resolve("secret");
        SecretFile.create(f);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> SecretFile.read(f)).hasMessage("secret file " + f
                + " is open to other users (mode 0644): make it readable by you only with: chmod 600 " + f);
    }

    @Test
    void weakSecrets_areRefused_andThirtyTwoRandomBytes_accepted() throws Exception {
        assertThat(weakness("")).isEqualTo("empty");
        assertThat(weakness("0123456789abcdef0123456789abcdef")).isEqualTo("too short (16 bytes)");
        assertThat(weakness("correct horse battery staple")).isEqualTo("neither hexadecimal digits nor base64");
        assertThat(weakness("0".repeat(64))).isEqualTo("not random (too few distinct characters)");
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        assertThat(weakness(HexFormat.of().formatHex(random))).isNull();
        assertThat(weakness(Base64.getEncoder().encodeToString(random))).isNull();

        Path f = tmp.resolve("weak");
        PrivateFiles.write(f, "0123456789abcdef0123456789abcdef\n");
        assertThatThrownBy(() -> SecretFile.read(f)).hasMessage("the secret in " + f + " is too short (16 bytes): it must be "
                + "at least 32 random bytes, as hexadecimal digits or base64 (make one with: vigne secret new FILE)");
    }

    @Test
    void newSecret_isPrivate_strong_andNeverOverwritten() throws Exception {
        Path f = tmp.resolve("grid.secret");
        SecretFile.create(f);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(Files.readString(f).strip()).matches("[0-9a-f]{64}");
        assertThat(SecretFile.read(f)).isNotNull();
        assertThatThrownBy(() -> SecretFile.create(f)).hasMessage(f + " exists already: remove it first to replace the secret");
    }

    private static String weakness(String text) {
        return SecretFile.weakness(text);
    }
}

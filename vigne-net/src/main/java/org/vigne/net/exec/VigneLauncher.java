package org.vigne.net.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The {@code vigne} command a node puts first on its components' {@code PATH}: the node's own
 * command-line interface, run by the Java that runs the node, so a component can call
 * {@code vigne checkpoint} or {@code vigne object ...} with nothing installed on the machine (the
 * node's {@code VIGNE_NODE} and {@code VIGNE_TOKEN} tell it where and as whom).
 */
final class VigneLauncher {
    /** The command-line interface's entry point; a node embedded in another program has none. */
    static final String CLI_MAIN = "org.vigne.cli.Main";

    private VigneLauncher() {
    }

    /**
     * The command that runs this JVM's {@code vigne} command-line interface (a client: small heap,
     * quick start), or an empty list when it is not on this JVM's class path.
     */
    static List<String> ofThisJvm() {
        try {
            Class.forName(CLI_MAIN, false, VigneLauncher.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return List.of();
        }
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), CLI_MAIN);
    }

    /** Writes {@code dir/vigne}, a shell script that runs {@code argv} with the script's arguments. */
    static void write(Path dir, List<String> argv) throws IOException {
        Files.createDirectories(dir);
        StringBuilder script = new StringBuilder("#!/bin/sh\n# This node's vigne command (written by the node at start).\nexec");
        for (String a : argv) {
            script.append(' ').append(quoted(a));
        }
        script.append(" \"$@\"\n");
        Path file = dir.resolve("vigne");
        Files.writeString(file, script);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            file.toFile().setExecutable(true, false);
        }
    }

    /** {@code s} in single quotes for the shell. */
    static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

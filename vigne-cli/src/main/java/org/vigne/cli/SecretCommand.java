package org.vigne.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.vigne.net.node.SecretFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigne secret new FILE}: writes a grid's shared secret the way nodes expect it. */
@Command(name = "secret", mixinStandardHelpOptions = true, description = "Make a grid's shared secret.")
final class SecretCommand {
    @Spec
    CommandSpec spec;

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Write a new secret (32 random bytes as hexadecimal digits) to FILE, readable by you only.")
    int create(@Parameters(paramLabel = "FILE", description = "where to write it (must not exist)") Path file)
            throws IOException {
        SecretFile.create(file);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote a new secret to " + file + " (mode 0600); copy it to every node of the grid, "
                + "readable by their user only");
        out.flush();
        return 0;
    }
}

package org.vigne.cli;

import picocli.CommandLine.Command;

/** {@code vigne bench ...}: performance measurements on real sockets. */
@Command(name = "bench", description = "Measure Vigne on real sockets.",
        mixinStandardHelpOptions = true, subcommands = {BenchDhtCommand.class, BenchGcsCommand.class, BenchObjectsCommand.class})
final class BenchCommand {
}

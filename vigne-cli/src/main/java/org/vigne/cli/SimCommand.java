package org.vigne.cli;

import picocli.CommandLine.Command;

/** {@code vigne sim ...}: deterministic experiments in the simulator. */
@Command(name = "sim", description = "Run an experiment in the deterministic simulator.",
        mixinStandardHelpOptions = true,
        subcommands = {SimOverlayCommand.class, SimDhtCommand.class, SimDataCommand.class, SimGcsCommand.class,
                SimAppsCommand.class, SimPaperFig4Command.class})
final class SimCommand {
}

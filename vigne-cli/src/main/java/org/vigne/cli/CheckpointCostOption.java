package org.vigne.cli;

import picocli.CommandLine.Option;

/** {@code --checkpoint-cost}, shared by the commands that run the paper's loop application. */
final class CheckpointCostOption {
    @Option(names = "--checkpoint-cost", description = "time a checkpoint or a restart holds every component up:"
            + " 0s (the paper's null time, default), 500ms, 2s", defaultValue = "0s", converter = DurationConverter.class)
    long checkpointCostMs;
}

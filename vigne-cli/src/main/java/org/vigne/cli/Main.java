package org.vigne.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigne} command: experiments in the simulator, and (later) nodes and grids. */
@Command(name = "vigne", mixinStandardHelpOptions = true, version = "vigne 0.1.0",
        description = "Vigne, a self-healing grid operating system.",
        subcommands = {SimCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(Main::shortError);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                cmd.getErr().println("vigne: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl.execute(args);
    }

    private static int shortError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("vigne: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return 2;
    }
}

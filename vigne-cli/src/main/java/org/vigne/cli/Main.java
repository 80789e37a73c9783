package org.vigne.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigne} command: nodes, local grids, their DHTs, experiments in the simulator and benchmarks. */
@Command(name = "vigne", mixinStandardHelpOptions = true, version = "vigne 0.1.0",
        description = "Vigne, a self-healing grid operating system.",
        subcommands = {NodeCommand.class, LocalCommand.class, NodesCommand.class, DhtCommand.class, SecretCommand.class,
                SubmitCommand.class, CheckpointCommand.class, DemoCommand.class, ObjectCommand.class, SyncCommand.class,
                CheckHistoryCommand.class,
                SimCommand.class, BenchCommand.class})
public final class Main extends AppCommands {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return run(commandLine(null, null), args);
    }

    /** Runs the command line with its output and errors going to {@code out} and {@code err}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(commandLine(out, err), args);
    }

    /**
     * The command line, with the application commands ({@code vigne apps}, {@code status},
     * {@code events}, {@code logs}, {@code output}, {@code kill}, {@code rm}) at the top level:
     * they are methods of {@link AppCommands}, which picocli finds on {@code Main}'s class and calls
     * on its object, hence {@code Main extends AppCommands}. Output to {@code out} and {@code err} when given.
     */
    private static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        if (out != null) {
            cl.setOut(out);
            cl.setErr(err);
        }
        return cl;
    }

    private static int run(CommandLine cl, String... args) {
        cl.setParameterExceptionHandler(Main::shortError);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliFailure || e instanceof IOException || e instanceof UncheckedIOException) {
                cmd.getErr().println("vigne: " + e.getMessage());
                return 1;
            }
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

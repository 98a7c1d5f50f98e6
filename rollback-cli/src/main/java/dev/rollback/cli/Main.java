package dev.rollback.cli;

import dev.rollback.git.JGitUserSettings;
import java.time.Duration;
import picocli.CommandLine;

/**
 * The {@code rollback} command's entry point.
 *
 * <p>{@code java -jar rollback.jar status --json}
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI in-process and returns its exit code (tests call this). */
    public static int run(String... args) {
        JGitUserSettings.readOnly(); // a read-only command writes nothing into the user's home
        return commandLine().execute(args);
    }

    /** The configured command line, with the exit code mapping and one-line errors. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RootCommand());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        cl.registerConverter(Duration.class, new WaitConverter());
        cl.registerConverter(Integer.class, new WholeNumberConverter());
        cl.registerConverter(int.class, new WholeNumberConverter());
        return cl;
    }
}

package dev.rollback.cli;

import dev.rollback.errors.ExitCode;
import dev.rollback.errors.RollbackException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into one clear line on stderr and its exit code; the stack trace only with {@code --verbose}.
 *
 * <p>{@code rollback status} in a directory without a compose file prints
 * {@code error: /x: no compose file (tried compose.yaml, ...)} and exits 1.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        var err = cl.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose") || isVerbose(cl);
        if (ex instanceof RollbackException re) {
            err.println("error: " + re.getMessage());
            if (verbose) {
                re.printStackTrace(err);
            } else if (re.getCause() != null) {
                err.println("(cause: " + re.getCause() + "; --verbose shows the stack trace)");
            }
            err.flush();
            return re.exitCode();
        }
        err.println("internal error: " + ex + (verbose ? "" : " (--verbose shows the stack trace; please report it)"));
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.FAILURE;
    }

    private static boolean isVerbose(CommandLine cl) {
        for (CommandLine c = cl; c != null; c = c.getParent()) {
            if (c.getCommand() instanceof RootCommand root && root.verbose) {
                return true;
            }
        }
        return false;
    }
}

package dev.rollback.cli;

import dev.rollback.errors.ExitCode;
import dev.rollback.errors.RollbackException;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * A command line that cannot be parsed: the error as a plain sentence (the option, the value, what it takes; no
 * Java names), a pointer to help, exit code 2.
 *
 * <p>{@code rollback drill --bogus} prints {@code error: Unknown option: '--bogus'} and exits 2.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    /** What picocli adds when a converter fails unexpectedly: {@code cannot convert 'x' to Duration (java...)}. */
    private static final Pattern JAVA_NAME = Pattern.compile("\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z]\\w*|\\w+Exception\\b");

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("error: " + message(ex));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, cl.getErr());
        cl.getErr().println("see '" + cl.getCommandSpec().qualifiedName() + " --help'");
        cl.getErr().flush();
        return ExitCode.USAGE;
    }

    /** Picocli's message, or, where it names a Java class, one in words built from the option and the value. */
    static String message(ParameterException ex) {
        String m = String.valueOf(ex.getMessage());
        if (!JAVA_NAME.matcher(m).find()) {
            return m;
        }
        ArgSpec arg = ex.getArgSpec();
        String what = arg instanceof OptionSpec o
                ? "option '" + o.longestName() + "'"
                : arg != null ? arg.paramLabel() : "the command line";
        String why = ex.getCause() instanceof RollbackException re
                ? re.getMessage()
                : (ex.getValue() == null ? "a value" : "'" + ex.getValue() + "'") + " is not what it takes";
        return "Invalid value for " + what + ": " + why + "; see its description in --help";
    }
}

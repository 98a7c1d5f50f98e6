package dev.rollback.databases.spi;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a tool for a {@link CommandRunner}. Its {@code toString} shows the environment's names, never values.
 *
 * <p>{@code Command.of("psql", "-X", "-v", "ON_ERROR_STOP=1").withEnvironment(Map.of("PGPASSWORD", pw))
 * .withStdin(in, length).withTimeout(Duration.ofMinutes(30))}
 *
 * @param tool the program ({@code pg_dumpall}); found on the PATH where it runs
 * @param arguments its arguments (never secrets)
 * @param environment extra environment variables (secrets go here)
 * @param stdin what to feed it; empty for nothing
 * @param stdinLength the input's exact length, or -1 when unknown (container exec needs it)
 * @param stdout where its output goes; null to collect it (up to 64 KiB) into {@link CommandResult#stdout()}
 * @param timeout how long it may run
 */
public record Command(
        String tool,
        List<String> arguments,
        Map<String, String> environment,
        Optional<InputStream> stdin,
        long stdinLength,
        OutputStream stdout,
        Duration timeout) {

    public Command {
        Objects.requireNonNull(tool, "tool");
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
    }

    /** No input, collected output, 60 s. */
    public static Command of(String tool, String... arguments) {
        return new Command(tool, List.of(arguments), Map.of(), Optional.empty(), -1, null, Duration.ofSeconds(60));
    }

    public static Command of(String tool, List<String> arguments) {
        return new Command(tool, arguments, Map.of(), Optional.empty(), -1, null, Duration.ofSeconds(60));
    }

    public Command withEnvironment(Map<String, String> env) {
        return new Command(tool, arguments, env, stdin, stdinLength, stdout, timeout);
    }

    public Command withStdin(InputStream in, long length) {
        return new Command(tool, arguments, environment, Optional.of(in), length, stdout, timeout);
    }

    public Command withStdout(OutputStream out) {
        return new Command(tool, arguments, environment, stdin, stdinLength, out, timeout);
    }

    public Command withTimeout(Duration t) {
        return new Command(tool, arguments, environment, stdin, stdinLength, stdout, t);
    }

    /** The tool followed by its arguments. */
    public List<String> commandLine() {
        List<String> all = new ArrayList<>();
        all.add(tool);
        all.addAll(arguments);
        return all;
    }

    @Override
    public String toString() {
        return String.join(" ", commandLine()) + (environment.isEmpty() ? "" : " (env " + environment.keySet() + ")");
    }
}

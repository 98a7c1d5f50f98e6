package dev.rollback.spi;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A command to run in a container. Secrets go in {@link #environment()}, never in {@link #command()}.
 *
 * <p>{@code ExecRequest.of("redis-cli", "ping").withTimeout(Duration.ofSeconds(5))}
 *
 * @param command the command and its arguments
 * @param environment extra environment variables (passwords go here)
 * @param stdin data to feed, with its exact length (exec attach never delivers EOF, so readers must be
 *              length-delimited: {@code head -c N}); empty for none
 * @param stdinLength the number of bytes {@code stdin} holds, -1 when there is none
 * @param stdout where the command's stdout goes (null: collected into {@link ExecResult#stdout()}, up to 64 KiB)
 * @param stderr where its stderr goes (null: collected into {@link ExecResult#stderr()}, up to 64 KiB)
 * @param user the user to run as, empty for the container's default
 * @param timeout how long the command may run before it is abandoned with an error
 */
public record ExecRequest(
        List<String> command,
        Map<String, String> environment,
        Optional<InputStream> stdin,
        long stdinLength,
        OutputStream stdout,
        OutputStream stderr,
        Optional<String> user,
        Duration timeout) {

    public ExecRequest {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The command with no input, collected output, and a 60 s timeout. */
    public static ExecRequest of(String... command) {
        return new ExecRequest(
                List.of(command), Map.of(), Optional.empty(), -1, null, null, Optional.empty(), Duration.ofSeconds(60));
    }

    public ExecRequest withEnvironment(Map<String, String> env) {
        return new ExecRequest(command, env, stdin, stdinLength, stdout, stderr, user, timeout);
    }

    public ExecRequest withStdin(InputStream in, long length) {
        return new ExecRequest(command, environment, Optional.of(in), length, stdout, stderr, user, timeout);
    }

    public ExecRequest withOutput(OutputStream out, OutputStream err) {
        return new ExecRequest(command, environment, stdin, stdinLength, out, err, user, timeout);
    }

    public ExecRequest withUser(String u) {
        return new ExecRequest(command, environment, stdin, stdinLength, stdout, stderr, Optional.of(u), timeout);
    }

    public ExecRequest withTimeout(Duration t) {
        return new ExecRequest(command, environment, stdin, stdinLength, stdout, stderr, user, t);
    }
}

package dev.rollback.databases.backup;

import dev.rollback.databases.spi.Command;
import dev.rollback.databases.spi.CommandResult;
import dev.rollback.databases.spi.CommandRunner;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import dev.rollback.spi.ScratchContainer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the engine's tools inside a scratch container, as {@link dev.rollback.databases.ContainerCommandRunner} does
 * in a service's container: input delimited by its length with {@code head -c} (exec never delivers end-of-file),
 * secrets in the exec environment, tools connecting to the container's loopback.
 *
 * <p>{@code target.withRunner(new ScratchCommandRunner(scratch, 5432))}
 */
final class ScratchCommandRunner implements CommandRunner {
    private static final int NOT_FOUND = 127;
    private final ScratchContainer scratch;
    private final int containerPort;

    ScratchCommandRunner(ScratchContainer scratch, int containerPort) {
        this.scratch = scratch;
        this.containerPort = containerPort;
    }

    @Override
    public String describe() {
        return scratch.describe();
    }

    @Override
    public String toolHost(DatabaseTarget target) {
        return "127.0.0.1";
    }

    @Override
    public int toolPort(DatabaseTarget target) {
        return containerPort;
    }

    @Override
    public CommandResult run(Command command) {
        List<String> argv = new ArrayList<>();
        Map<String, String> env = new HashMap<>(command.environment());
        if (command.stdin().isPresent()) {
            if (command.stdinLength() < 0) {
                throw new RollbackException(scratch.describe() + ": running " + command.tool() + " needs the input's"
                    + " length");
            }
            env.put("ROLLBACK_STDIN_BYTES", Long.toString(command.stdinLength()));
            argv.addAll(List.of("sh", "-c", "head -c \"$ROLLBACK_STDIN_BYTES\" | exec \"$0\" \"$@\""));
        }
        argv.addAll(command.commandLine());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream collected = command.stdout() == null ? new ByteArrayOutputStream() : null;
        ExecResult r = scratch.exec(new ExecRequest(argv, env, command.stdin(), command.stdinLength(),
            collected != null ? collected : command.stdout(), err, Optional.empty(), command.timeout()));
        String stderr = err.toString(StandardCharsets.UTF_8);
        String stdout = collected == null ? "" : collected.toString(StandardCharsets.UTF_8);
        if (r.exitCode() == NOT_FOUND || (stderr + stdout).contains("executable file not found")) {
            throw new RollbackException("tool '" + command.tool() + "' is missing from " + scratch.describe()
                + " (exit " + r.exitCode() + "); the service's image lacks the engine's client tools");
        }
        String tail = stderr.length() > 8192 ? stderr.substring(stderr.length() - 8192) : stderr;
        return new CommandResult(r.exitCode(), stdout, tail, r.duration());
    }
}

package dev.rollback.databases;

import dev.rollback.databases.spi.Command;
import dev.rollback.databases.spi.CommandResult;
import dev.rollback.databases.spi.CommandRunner;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a tool inside a service's own container through {@link ContainerRuntime#exec}, so the engine's matching
 * client version is used. Exec attach never delivers end-of-input, so input is delimited by its length:
 * the tool runs as {@code sh -c 'head -c "$ROLLBACK_STDIN_BYTES" | exec "$0" "$@"' tool args...} (arguments stay
 * positional, never spliced into the shell text). Secrets go in the exec environment.
 *
 * <p>{@code target.withRunner(new ContainerCommandRunner(runtime, env, "postgres", 5432))}
 */
public final class ContainerCommandRunner implements CommandRunner {
    private static final int NOT_FOUND = 127;
    private final ContainerRuntime runtime;
    private final Environment environment;
    private final String service;
    private final int containerPort;

    /**
     * @param containerPort the port the engine listens on inside its container (5432, 3306, ...): tools run there
     *                      connect to {@code 127.0.0.1:<containerPort>}, whatever port the host publishes
     */
    public ContainerCommandRunner(ContainerRuntime runtime, Environment environment, String service, int containerPort) {
        this.runtime = runtime;
        this.environment = environment;
        this.service = service;
        this.containerPort = containerPort;
    }

    /** The same engine's tools in the container of another service (a cluster's other node). */
    public ContainerCommandRunner forService(String other) {
        return new ContainerCommandRunner(runtime, environment, other, containerPort);
    }

    /** The service this runner runs tools in. */
    public String service() {
        return service;
    }

    /**
     * Stops the service's container (the engine gets {@code stopTimeout} to shut down) and starts it again, for an
     * engine that reads its data files only at start.
     */
    public void restart(java.time.Duration stopTimeout) {
        runtime.stop(environment, List.of(service), stopTimeout);
        runtime.start(environment, List.of(service));
    }

    @Override
    public String toolHost(dev.rollback.databases.spi.DatabaseTarget target) {
        return "127.0.0.1";
    }

    @Override
    public int toolPort(dev.rollback.databases.spi.DatabaseTarget target) {
        return containerPort;
    }

    @Override
    public String describe() {
        return "container of service " + service;
    }

    /** The service's container name, for messages; empty when the runtime cannot say. */
    private java.util.Optional<String> containerName() {
        try {
            return runtime.list(environment).stream().filter(c -> c.service().equals(service))
                .map(dev.rollback.spi.ContainerStatus::containerName).findFirst();
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public CommandResult run(Command command) {
        List<String> argv = new ArrayList<>();
        Map<String, String> env = new HashMap<>(command.environment());
        if (command.stdin().isPresent()) {
            if (command.stdinLength() < 0) {
                throw new RollbackException("service " + service + ": running " + command.tool() + " in its container"
                    + " needs the input's length; give a DumpSource with a known length");
            }
            env.put("ROLLBACK_STDIN_BYTES", Long.toString(command.stdinLength()));
            argv.addAll(List.of("sh", "-c", "head -c \"$ROLLBACK_STDIN_BYTES\" | exec \"$0\" \"$@\""));
        }
        argv.addAll(command.commandLine());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream collected = command.stdout() == null ? new ByteArrayOutputStream() : null;
        ExecRequest req = new ExecRequest(argv, env, command.stdin(), command.stdinLength(),
            collected != null ? collected : command.stdout(), err, java.util.Optional.empty(), command.timeout());
        ExecResult r = runtime.exec(environment, service, req);
        String stderr = err.toString(StandardCharsets.UTF_8);
        String stdout = collected == null ? "" : collected.toString(StandardCharsets.UTF_8);
        // the engine reports a missing binary as exit 126/127 with "executable file not found" on either stream
        if (r.exitCode() == NOT_FOUND || (stderr + stdout).contains("executable file not found")) {
            throw new RollbackException("tool '" + command.tool() + "' is missing from the container of service "
                + service + containerName().map(n -> " (" + n + ")").orElse("") + ", exit " + r.exitCode()
                + "; use an image that has the engine's client tools, or run the tool on this host"
                + " (LocalCommandRunner)");
        }
        String tail = stderr.length() > 8192 ? stderr.substring(stderr.length() - 8192) : stderr;
        return new CommandResult(r.exitCode(), stdout,
            tail, r.duration());
    }
}

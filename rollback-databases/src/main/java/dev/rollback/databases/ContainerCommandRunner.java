package dev.rollback.databases;

import dev.rollback.databases.spi.Command;
import dev.rollback.databases.spi.CommandResult;
import dev.rollback.databases.spi.CommandRunner;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import dev.rollback.spi.ScratchContainer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a tool inside a container through exec, so the engine's matching client version is used: a service's own
 * container ({@link ContainerRuntime#exec}) or a restore drill's scratch container ({@link #inScratch}). Exec attach
 * never delivers end-of-input, so input is delimited by its length: the tool runs as
 * {@code sh -c 'head -c "$ROLLBACK_STDIN_BYTES" | exec "$0" "$@"' tool args...} (arguments stay positional, never
 * spliced into the shell text). Secrets go in the exec environment.
 *
 * <p>{@code target.withRunner(new ContainerCommandRunner(runtime, env, "postgres", 5432))}
 */
public final class ContainerCommandRunner implements CommandRunner {
    private static final int NOT_FOUND = 127;
    private final Place place;
    private final int containerPort;

    /**
     * @param containerPort the port the engine listens on inside its container (5432, 3306, ...): tools run there
     *                      connect to {@code 127.0.0.1:<containerPort>}, whatever port the host publishes
     */
    public ContainerCommandRunner(
            ContainerRuntime runtime, Environment environment, String service, int containerPort) {
        this(new ServiceContainer(runtime, environment, service), containerPort);
    }

    private ContainerCommandRunner(Place place, int containerPort) {
        this.place = place;
        this.containerPort = containerPort;
    }

    /**
     * The engine's tools in a scratch container (a restore drill's throwaway server), connecting to its loopback at
     * {@code containerPort}. It belongs to no service: {@link #forService}, {@link #service} and {@link #restart}
     * throw {@link IllegalStateException}.
     *
     * <p>{@code target.withRunner(ContainerCommandRunner.inScratch(scratch, 5432))}
     */
    public static ContainerCommandRunner inScratch(ScratchContainer scratch, int containerPort) {
        return new ContainerCommandRunner(new Scratch(scratch), containerPort);
    }

    /** The same engine's tools in the container of another service (a cluster's other node). */
    public ContainerCommandRunner forService(String other) {
        ServiceContainer s = serviceContainer();
        return new ContainerCommandRunner(s.runtime(), s.environment(), other, containerPort);
    }

    /** The service this runner runs tools in. */
    public String service() {
        return serviceContainer().service();
    }

    /**
     * Stops the service's container (the engine gets {@code stopTimeout} to shut down) and starts it again, for an
     * engine that reads its data files only at start.
     */
    public void restart(Duration stopTimeout) {
        ServiceContainer s = serviceContainer();
        s.runtime().stop(s.environment(), List.of(s.service()), stopTimeout);
        s.runtime().start(s.environment(), List.of(s.service()));
    }

    private ServiceContainer serviceContainer() {
        if (place instanceof ServiceContainer s) {
            return s;
        }
        throw new IllegalStateException(place.describe() + " belongs to no service");
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
    public String describe() {
        return place.describe();
    }

    @Override
    public CommandResult run(Command command) {
        List<String> argv = new ArrayList<>();
        Map<String, String> env = new HashMap<>(command.environment());
        if (command.stdin().isPresent()) {
            if (command.stdinLength() < 0) {
                throw new RollbackException(place.subject() + ": running " + command.tool() + " in its container"
                        + " needs the input's length; give a DumpSource with a known length");
            }
            env.put("ROLLBACK_STDIN_BYTES", Long.toString(command.stdinLength()));
            argv.addAll(List.of("sh", "-c", "head -c \"$ROLLBACK_STDIN_BYTES\" | exec \"$0\" \"$@\""));
        }
        argv.addAll(command.commandLine());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream collected = command.stdout() == null ? new ByteArrayOutputStream() : null;
        ExecRequest req = new ExecRequest(
                argv,
                env,
                command.stdin(),
                command.stdinLength(),
                collected != null ? collected : command.stdout(),
                err,
                Optional.empty(),
                command.timeout());
        ExecResult r = place.exec(req);
        String stderr = err.toString(StandardCharsets.UTF_8);
        String stdout = collected == null ? "" : collected.toString(StandardCharsets.UTF_8);
        // the engine reports a missing binary as exit 126/127 with "executable file not found" on either stream
        if (r.exitCode() == NOT_FOUND || (stderr + stdout).contains("executable file not found")) {
            throw new RollbackException(
                    "tool '" + command.tool() + "' is missing from " + place.missingToolAdvice(r.exitCode()));
        }
        String tail = stderr.length() > 8192 ? stderr.substring(stderr.length() - 8192) : stderr;
        return new CommandResult(r.exitCode(), stdout, tail, r.duration());
    }

    /** Where the tools run: the one difference between a service's container and a scratch container. */
    private sealed interface Place permits ServiceContainer, Scratch {
        ExecResult exec(ExecRequest request);

        String describe();

        /** Who a message is about ({@code service postgres}). */
        String subject();

        /** The rest of the missing-tool message, after "is missing from ". */
        String missingToolAdvice(int exitCode);
    }

    private record ServiceContainer(ContainerRuntime runtime, Environment environment, String service)
            implements Place {
        @Override
        public ExecResult exec(ExecRequest request) {
            return runtime.exec(environment, service, request);
        }

        @Override
        public String describe() {
            return "container of service " + service;
        }

        @Override
        public String subject() {
            return "service " + service;
        }

        @Override
        public String missingToolAdvice(int exitCode) {
            return "the container of service " + service
                    + containerName().map(n -> " (" + n + ")").orElse("")
                    + ", exit " + exitCode
                    + "; use an image that has the engine's client tools, or run the tool on this"
                    + " host (LocalCommandRunner)";
        }

        /** The service's container name, for messages; empty when the runtime cannot say. */
        private Optional<String> containerName() {
            try {
                return runtime.list(environment).stream()
                        .filter(c -> c.service().equals(service))
                        .map(ContainerStatus::containerName)
                        .findFirst();
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    private record Scratch(ScratchContainer scratch) implements Place {
        @Override
        public ExecResult exec(ExecRequest request) {
            return scratch.exec(request);
        }

        @Override
        public String describe() {
            return scratch.describe();
        }

        @Override
        public String subject() {
            return scratch.describe();
        }

        @Override
        public String missingToolAdvice(int exitCode) {
            return scratch.describe() + " (exit " + exitCode + "); the service's image lacks the engine's client tools";
        }
    }
}

package dev.rollback.spi;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container engine the environment's compose project runs on. Services are named as in the compose file; their
 * containers are found by compose labels, never by guessing names.
 *
 * <p>{@code try (ContainerRuntime rt = ContainerRuntimes.connect(env, timeout).orElseThrow()) { rt.list(env); }}
 */
public interface ContainerRuntime extends AutoCloseable {

    /** A short description of the engine ({@code docker 20.10.24, API 1.41}). */
    String describe();

    /** The project's containers, found by compose labels, one per container. */
    List<ContainerStatus> list(Environment env);

    /**
     * Stops the services' containers (SIGTERM, then SIGKILL after {@code timeout}); a stopped one is left alone.
     * A service with no container is an error naming it.
     */
    void stop(Environment env, List<String> services, Duration timeout);

    /** Starts the services' existing containers. */
    void start(Environment env, List<String> services);

    /**
     * Creates the services' containers anew from the compose files plus {@code overrides} (extra {@code -f} files
     * layered on top, in order), without touching their dependencies: {@code compose up -d --no-deps
     * --force-recreate <services>}. Picks up changed {@code .env} values and bind-mounted files.
     */
    void recreate(Environment env, List<String> services, List<Path> overrides);

    /** Whether the engine holds this image locally ({@code local/postgres:15}); false when it cannot say. */
    default boolean hasImage(String image) {
        return false;
    }

    /**
     * Removes the project's containers and networks, of every profile ({@code compose down --remove-orphans}), and
     * with {@code volumes} its named volumes too: the end of a throwaway environment (a sandbox, a test's project).
     */
    default void down(Environment env, boolean volumes) {
        throw new RollbackException(describe() + " cannot take a compose project down");
    }

    /**
     * Waits, for all the given services in parallel, until each container is {@code healthy} (or {@code running}
     * when it has no healthcheck), driven by the engine's events. Ends at once with a
     * {@link dev.rollback.errors.HealthTimeoutException} (service, last state, last healthcheck output) when a container
     * turns unhealthy, exits, restart-loops, or its timeout passes.
     *
     * @param timeouts per service, how long it may take
     * @param listener told of each state change ({@code HEALTH_STATE} events), for progress lines
     * @return per service, when its container started and when it became healthy
     */
    Map<String, HealthOutcome> awaitHealthy(Environment env, Map<String, Duration> timeouts, RollbackListener listener);

    /** Runs a command in the service's running container, streaming its input and output. */
    ExecResult exec(Environment env, String service, ExecRequest request);

    /** Memory and CPU use of the service's running container, or empty when it is not running. */
    Optional<ContainerStats> stats(Environment env, String service);

    /**
     * The port of this host that the service's container publishes {@code containerPort} (TCP) on, or empty when it
     * publishes none for it (or the engine cannot say). Drivers on this host connect there.
     *
     * <p>{@code int port = runtime.publishedPort(env, "postgres", 5432).orElseThrow();}
     */
    default Optional<Integer> publishedPort(Environment env, String service, int containerPort) {
        return Optional.empty();
    }

    /**
     * The service's container's address on its compose network (what its peers reach it at: Redis cluster nodes meet
     * each other there), or empty when it has none or the engine cannot say.
     *
     * <p>{@code runtime.networkAddress(env, "redis-1") // Optional[172.20.2.13]}
     */
    default Optional<String> networkAddress(Environment env, String service) {
        return Optional.empty();
    }

    /**
     * Creates and starts a throwaway container (not part of the compose project) from {@code spec}, its ports
     * published on this host's loopback; the caller closes it, which removes it with its anonymous volumes.
     * Restore drills use one of the service's own image as their scratch database server.
     *
     * @throws dev.rollback.errors.RollbackException when this engine cannot run one, or the image is not present
     */
    /**
     * The service's log lines (stdout and stderr, in order) written at or after {@code since}, the last
     * {@code maxLines} of them; empty when the service has no container. For the log checks of a validation.
     *
     * <p>{@code runtime.logs(env, "postgres", runStart, 5000).stream().filter(l -> l.contains("FATAL"))}
     */
    default List<String> logs(Environment env, String service, Instant since, int maxLines) {
        throw new RollbackException(describe() + " cannot read service logs");
    }

    /**
     * The names of the networks the compose project has on the engine, sorted; what a validation compares with the
     * baseline's.
     */
    default List<String> networks(Environment env) {
        throw new RollbackException(describe() + " cannot list the project's networks");
    }

    default ScratchContainer startScratch(ScratchSpec spec) {
        throw new RollbackException(describe() + " cannot start scratch containers; run the restore"
                + " drill where the Docker engine is available");
    }

    @Override
    void close();
}

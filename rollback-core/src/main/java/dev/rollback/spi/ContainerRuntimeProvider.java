package dev.rollback.spi;

import dev.rollback.env.Environment;
import java.time.Duration;
import java.util.Optional;

/**
 * Found with {@link java.util.ServiceLoader}; opens a {@link ContainerRuntime} for an environment.
 *
 * <p>{@code META-INF/services/dev.rollback.spi.ContainerRuntimeProvider} lists the implementation.
 */
public interface ContainerRuntimeProvider {

    /**
     * Connects to the engine, or returns empty when none answers within {@code timeout}
     * (the reason is in {@link dev.rollback.errors.RollbackException} only when the caller requires an engine).
     *
     * @param env the environment, or null before one exists (a sandbox): the process's engine
     */
    Optional<ContainerRuntime> connect(Environment env, Duration timeout);
}

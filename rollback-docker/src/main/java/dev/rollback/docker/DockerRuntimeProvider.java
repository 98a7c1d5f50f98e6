package dev.rollback.docker;

import dev.rollback.env.Environment;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimeProvider;
import java.time.Duration;
import java.util.Optional;

/**
 * Registers {@link DockerRuntime} with {@link java.util.ServiceLoader} for {@link dev.rollback.spi.ContainerRuntimes}.
 *
 * <p>{@code Optional<ContainerRuntime> rt = new DockerRuntimeProvider().connect(env, Duration.ofSeconds(2));}
 */
public final class DockerRuntimeProvider implements ContainerRuntimeProvider {

    /** Connects to the engine of {@code DOCKER_HOST} or the default socket; empty when none answers in time. */
    @Override
    public Optional<ContainerRuntime> connect(Environment env, Duration timeout) {
        return DockerRuntime.connect(timeout).map(ContainerRuntime.class::cast);
    }
}

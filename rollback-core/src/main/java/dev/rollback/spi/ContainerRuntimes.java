package dev.rollback.spi;

import dev.rollback.env.Environment;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Looks up the container runtime an embedding application has on its class path.
 *
 * <p>{@code Optional<ContainerRuntime> rt = ContainerRuntimes.connect(env, Duration.ofSeconds(2));}
 */
public final class ContainerRuntimes {
    private ContainerRuntimes() {}

    /** The first provider that connects, or empty when none is present or none answers. */
    public static Optional<ContainerRuntime> connect(Environment env, Duration timeout) {
        for (ContainerRuntimeProvider p : ServiceLoader.load(ContainerRuntimeProvider.class)) {
            Optional<ContainerRuntime> rt = p.connect(env, timeout);
            if (rt.isPresent()) {
                return rt;
            }
        }
        return Optional.empty();
    }

    /**
     * The engine of this process ({@code DOCKER_HOST}, else the default socket), before any environment exists (a
     * sandbox about to be created): providers are asked with no environment.
     */
    public static Optional<ContainerRuntime> connect(Duration timeout) {
        return connect(null, timeout);
    }
}

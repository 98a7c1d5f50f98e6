package dev.rollback.spi;

import dev.rollback.env.Environment;
import java.util.List;

/**
 * A container engine the environment's compose project runs on.
 *
 * <p>{@code try (ContainerRuntime rt = ContainerRuntimes.connect(env).orElseThrow()) { rt.list(env); }}
 */
public interface ContainerRuntime extends AutoCloseable {

    /** A short description of the engine ({@code docker 20.10.24, API 1.41}). */
    String describe();

    /** The project's containers, found by compose labels, one per container. */
    List<ContainerStatus> list(Environment env);

    @Override
    void close();
}

package dev.rollback.spi;

import java.util.Optional;

/**
 * A container's live state as the engine reports it.
 *
 * <p>{@code runtime.list(env).get(0).health() // Optional[healthy]}
 *
 * @param service the compose service label
 * @param containerName the container's name without the leading slash
 * @param id the container id
 * @param image the image it runs
 * @param state {@code running}, {@code exited}, {@code restarting}, {@code created}, {@code paused}, {@code dead}
 * @param health {@code healthy}, {@code unhealthy} or {@code starting}; empty when it has no healthcheck
 */
public record ContainerStatus(
        String service, String containerName, String id, String image, String state, Optional<String> health) {}

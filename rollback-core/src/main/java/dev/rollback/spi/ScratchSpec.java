package dev.rollback.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A throwaway container for {@link ContainerRuntime#startScratch}: an image (usually a service's own), its
 * environment, an optional command, and the container ports to publish on this host's loopback at random ports.
 * Its environment goes to the engine in the create request, never onto a command line.
 *
 * <p>{@code new ScratchSpec("local/postgres:15", Map.of("POSTGRES_HOST_AUTH_METHOD", "trust"), List.of(), List.of(5432),
 * Map.of("dev.rollback.scratch", "restore-drill"))}
 *
 * @param image the image to run; it must be present on the engine (nothing is pulled)
 * @param environment environment variables of the container (may hold scratch-only secrets)
 * @param command the command, or empty for the image's own
 * @param ports container TCP ports to publish on {@code 127.0.0.1} (random host ports)
 * @param labels labels to find leftovers by ({@code dev.rollback.scratch})
 */
public record ScratchSpec(
        String image,
        Map<String, String> environment,
        List<String> command,
        List<Integer> ports,
        Map<String, String> labels) {
    public ScratchSpec {
        Objects.requireNonNull(image, "image");
        environment = Map.copyOf(environment);
        command = List.copyOf(command);
        ports = List.copyOf(ports);
        labels = Map.copyOf(labels);
    }

    @Override
    public String toString() {
        return "ScratchSpec[" + image + " env " + environment.keySet() + " command " + command + " ports " + ports
                + "]";
    }
}

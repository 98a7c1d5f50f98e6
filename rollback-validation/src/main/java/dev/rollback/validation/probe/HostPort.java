package dev.rollback.validation.probe;

import dev.rollback.env.Environment;
import dev.rollback.spi.ContainerRuntime;
import java.util.Optional;

/**
 * Where this host reaches a service's container port: the host port it is published on, else the container's own
 * address on its network.
 *
 * <p>{@code HostPort.of(engine, env, "vault", 8200) // Optional[127.0.0.1:49153]}
 */
public final class HostPort {
    private HostPort() {}

    /** {@code host:port}, or empty when the service neither publishes the port nor has an address. */
    public static Optional<String> of(ContainerRuntime engine, Environment env, String service, int port) {
        Optional<Integer> published = engine.publishedPort(env, service, port);
        if (published.isPresent()) {
            return Optional.of("127.0.0.1:" + published.get());
        }
        return engine.networkAddress(env, service).map(ip -> ip + ":" + port);
    }
}

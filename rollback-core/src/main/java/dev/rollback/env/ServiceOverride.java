package dev.rollback.env;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code rollback.yaml} says of one service, over what the compose file implies.
 *
 * <p>{@code services: { mysql: { expected_startup: 60s, health_timeout: 90s, host: 127.0.0.1, port: 3306 } }}
 *
 * @param kind overrides the kind guessed from the image
 * @param expectedStartup overrides the kind's typical start-up time
 * @param healthTimeout the default wait for health in rollbacks of this service
 * @param tlsFlag overrides the {@code .env} TLS flag name
 * @param host for the local target: where the service listens
 * @param port for the local target: its port
 * @param options engine-specific settings handed to its database adapter ({@code options: { format: rdb }} for
 *                Redis); strings
 */
public record ServiceOverride(
        Optional<ServiceKind> kind,
        Optional<Duration> expectedStartup,
        Optional<Duration> healthTimeout,
        Optional<String> tlsFlag,
        Optional<String> host,
        Optional<Integer> port,
        Map<String, String> options) {
    public ServiceOverride {
        options = Map.copyOf(options);
    }

    /** Without adapter options. */
    public ServiceOverride(
            Optional<ServiceKind> kind,
            Optional<Duration> expectedStartup,
            Optional<Duration> healthTimeout,
            Optional<String> tlsFlag,
            Optional<String> host,
            Optional<Integer> port) {
        this(kind, expectedStartup, healthTimeout, tlsFlag, host, port, Map.of());
    }
}

package dev.rollback.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * How a service reached health.
 *
 * <p>{@code outcome.timeToHealthy() // from the container's start to its first healthy status, engine clock}
 *
 * @param service the compose service
 * @param started when its container last started (the engine's {@code State.StartedAt})
 * @param healthy when the engine reported it healthy (event time), or running for a service without healthcheck
 * @param waited how long the caller waited
 * @param probed whether its own healthcheck, run by the SDK sooner than the engine's interval, said so (the
 *               engine's status follows at its next check)
 */
public record HealthOutcome(String service, Instant started, Instant healthy, Duration waited, boolean probed) {

    /** As the engine reported it. */
    public HealthOutcome(String service, Instant started, Instant healthy, Duration waited) {
        this(service, started, healthy, waited, false);
    }

    /** The container's own time from start to healthy, on the engine's clock. */
    public Duration timeToHealthy() {
        Duration d = Duration.between(started, healthy);
        return d.isNegative() ? Duration.ZERO : d;
    }
}

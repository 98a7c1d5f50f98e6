package dev.rollback.spi;

import java.time.Duration;

/**
 * Told of each state a waited-on service passes through.
 *
 * <p>{@code (service, state, waited) -> out.printf("%s %s after %s%n", service, state, waited)}
 */
@FunctionalInterface
public interface HealthProgress {
    /** Ignores everything. */
    HealthProgress NONE = (s, st, w) -> { };

    /**
     * @param service the compose service
     * @param state what it is now ({@code starting}, {@code healthy}, {@code unhealthy}, {@code running}, ...)
     * @param waited how long the wait has run
     */
    void on(String service, String state, Duration waited);
}

package dev.rollback.databases.spi;

import java.time.Duration;

/**
 * A successful health probe of a database service.
 *
 * <p>{@code DatabaseHealth h = adapter.health(target); log.info("{} answered in {}", h.service(), h.latency());}
 *
 * @param service the service name
 * @param serverVersion what the server reports of itself ({@code 15.4}, {@code 10.11.6-MariaDB})
 * @param latency how long the probe took, including connecting
 * @param attempts how many tries it took (more than one only where transient failures are retried)
 */
public record DatabaseHealth(String service, String serverVersion, Duration latency, int attempts) {}

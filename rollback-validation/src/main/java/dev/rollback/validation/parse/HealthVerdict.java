package dev.rollback.validation.parse;

/**
 * What a health endpoint said about itself.
 *
 * <p>{@code HealthReading.of(200, body).verdict() == HealthVerdict.HEALTHY}
 */
public enum HealthVerdict {
    /** {@code ok}, {@code healthy}, {@code up}, {@code pass}, {@code green}. */
    HEALTHY,
    /** {@code degraded}, {@code unhealthy}, {@code down}, {@code fail}, {@code red}, or an HTTP error status. */
    UNHEALTHY,
    /** Anything else: no JSON, no status field, a status word not known. Never counted as healthy. */
    UNKNOWN
}

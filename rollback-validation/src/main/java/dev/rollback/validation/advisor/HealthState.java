package dev.rollback.validation.advisor;

/**
 * A service's health as the engine reports it.
 *
 * <p>{@code HealthState.UNHEALTHY.failing() // true}
 */
public enum HealthState {
    HEALTHY,
    UNHEALTHY,
    /** Still in its start period: not counted as failing. */
    STARTING,
    /** Not running (exited, or created and never started). */
    STOPPED;

    /** Whether the runbook counts it as failing its health check: unhealthy or stopped. */
    public boolean failing() {
        return this == UNHEALTHY || this == STOPPED;
    }
}

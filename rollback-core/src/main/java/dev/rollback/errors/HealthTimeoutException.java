package dev.rollback.errors;

import java.time.Duration;

/**
 * A service did not become healthy in time, or turned unhealthy, exited or restart-looped while waited on.
 *
 * <p>{@code catch (HealthTimeoutException e) { show(e.service(), e.lastState(), e.lastHealthOutput()); }}
 */
public class HealthTimeoutException extends RollbackException {
    private static final long serialVersionUID = 1L;
    private final String service;
    private final String lastState;
    private final String lastHealthOutput;
    private final transient Duration waited;

    public HealthTimeoutException(
            String service, String lastState, String lastHealthOutput, Duration waited, String advice) {
        super("service '" + service + "' is not healthy after " + waited.toMillis() / 1000.0 + " s (state: "
                + lastState + ")"
                + (lastHealthOutput == null || lastHealthOutput.isBlank()
                        ? ""
                        : "; last health check said: " + lastHealthOutput.strip())
                + (advice == null ? "" : "; " + advice));
        this.service = service;
        this.lastState = lastState;
        this.lastHealthOutput = lastHealthOutput == null ? "" : lastHealthOutput;
        this.waited = waited;
    }

    public String service() {
        return service;
    }

    public String lastState() {
        return lastState;
    }

    public String lastHealthOutput() {
        return lastHealthOutput;
    }

    public Duration waited() {
        return waited;
    }

    @Override
    public int exitCode() {
        return ExitCode.HEALTH_TIMEOUT;
    }
}

package dev.rollback.events;

import java.time.Duration;

/**
 * How much a rollback touches, from the runbook's decision table.
 *
 * <p>{@code Scope s = Severity.HIGH.scope(); // PHASE}
 */
public enum Scope {
    /** Everything: git, keys, .env, volumes, databases, all services. Seed estimate 15-20 min. */
    FULL(Duration.ofMinutes(20)),
    /** The files of one improvement phase and the services they affect. Seed estimate 10-15 min. */
    PHASE(Duration.ofMinutes(15)),
    /** One service: init script, TLS, restart, health. Seed estimate 5-10 min. */
    SERVICE(Duration.ofMinutes(10)),
    /** Configuration only: .env values, no data. Seed estimate 2-5 min. */
    CONFIG(Duration.ofMinutes(5));

    private final Duration runbookEstimate;

    Scope(Duration runbookEstimate) {
        this.runbookEstimate = runbookEstimate;
    }

    /** The upper bound of the time the runbook gives for this scope, for comparison in reports. */
    public Duration runbookEstimate() {
        return runbookEstimate;
    }
}

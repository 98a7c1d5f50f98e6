package dev.rollback.validation.advisor;

import java.time.Duration;

/**
 * How long the recommended rollback should take, and what says so.
 *
 * <p>{@code expected.describe() // "about 1m 35s (median of 4 past service rollbacks here)"}
 *
 * @param duration the time
 * @param basis this environment's history, or the runbook's estimate
 * @param runs how many past successful runs the median is of (0 for the runbook's estimate)
 */
public record ExpectedDuration(Duration duration, Basis basis, int runs) {
    /** Where an expected duration comes from. */
    public enum Basis {
        /** The median of this environment's past successful runs of the scope. */
        HISTORY,
        /** The runbook's estimate for the scope (no successful run of it here yet). */
        RUNBOOK
    }

    /** The time and its basis in words. */
    public String describe() {
        String time = duration.toMinutesPart() > 0 || duration.toHours() > 0
                ? duration.toMinutes() + "m " + duration.toSecondsPart() + "s"
                : duration.toSecondsPart() + "s";
        return basis == Basis.HISTORY
                ? "about " + time + " (median of " + runs + " past successful run" + (runs == 1 ? "" : "s") + " here)"
                : "up to " + time + " (the runbook's estimate; no successful run of this scope here yet)";
    }
}

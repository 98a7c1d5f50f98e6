package dev.rollback.validation.report;

/**
 * How one check ended. A check that cannot run (its service is absent, there is no baseline) is {@link #SKIPPED}
 * with the reason, never {@link #PASSED}.
 *
 * <p>{@code if (outcome.status() == CheckStatus.FAILED) System.out.println(outcome.todo());}
 */
public enum CheckStatus {
    /** What the runbook asks for holds. */
    PASSED,
    /** What the runbook asks for does not hold; the outcome says what to do. */
    FAILED,
    /** The check could not run; the outcome says why. */
    SKIPPED
}

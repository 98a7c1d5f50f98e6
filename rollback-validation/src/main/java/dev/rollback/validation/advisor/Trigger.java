package dev.rollback.validation.advisor;

/**
 * The runbook's reasons to roll back ("When to Rollback"), each measured by the advisor.
 *
 * <p>{@code Trigger.MEMORY.runbookText() // "performance degrades beyond acceptable thresholds (>20% memory)"}
 */
public enum Trigger {
    /** "More than 2 services fail health checks": services unhealthy or stopped. */
    UNHEALTHY_SERVICES("more than 2 services fail health checks"),
    /** "Performance degrades beyond acceptable thresholds (&gt;20% memory)": total memory against the baseline. */
    MEMORY("performance degrades beyond acceptable thresholds (>20% memory)"),
    /**
     * "(&gt;10% CPU)": read as total CPU more than 10 points above the baseline's total, in percent of one core (100
     * = one core), as {@code docker stats} gives it.
     */
    CPU("performance degrades beyond acceptable thresholds (>10% CPU)"),
    /** "Test suite failures exceed 5%": failed and errored tests against the tests run. */
    TEST_FAILURES("test suite failures exceed 5%"),
    /** "Data integrity issues": a data check (row counts, fingerprints) failed. */
    DATA_INTEGRITY("data integrity issues"),
    /** "Critical service failures": the Vault sealed, or a database refusing connections. */
    CRITICAL_SERVICE("critical service failures"),
    /** "Security vulnerabilities": the Vault sealed, an AppRole secret-id expiring. */
    SECURITY("security vulnerabilities");

    private final String runbookText;

    Trigger(String runbookText) {
        this.runbookText = runbookText;
    }

    /** The runbook's words for this trigger. */
    public String runbookText() {
        return runbookText;
    }
}

package dev.rollback.validation.parse;

/**
 * The figures the runbook gives for a successful rollback, and for when to roll back, as named constants. Checks
 * compare with a recorded baseline where there is one; these are the runbook's defaults.
 *
 * <p>{@code RunbookThresholds.memoryWithinBaseline(baselineBytes, nowBytes)}
 */
public final class RunbookThresholds {
    /**
     * Memory may differ from the baseline by this fraction either way. The runbook's checklist: "Memory usage: ~2.6
     * GiB (±10%)".
     */
    public static final double MEMORY_TOLERANCE = 0.10;

    /**
     * The runbook's baseline memory for the whole environment, "Memory usage: ~2.6 GiB", in bytes; used only when no
     * baseline was recorded.
     */
    public static final long BASELINE_MEMORY_BYTES = (long) (2.6 * 1024 * 1024 * 1024);

    /** CPU use must stay below this percentage. The runbook's checklist: "CPU usage: &lt;10%". */
    public static final double CPU_MAX_PERCENT = 10.0;

    /**
     * Performance (response times and the like) may differ from the baseline by this fraction. The runbook's success
     * criteria: "Performance within baseline (±10%)".
     */
    public static final double PERFORMANCE_TOLERANCE = 0.10;

    /** The test suite must run at least this many tests. The runbook: "Test suite passes (370+ tests)". */
    public static final int MIN_TESTS = 370;

    /** DevStack Core's service count. The runbook: "All services healthy (23/23)". */
    public static final int SERVICE_COUNT = 23;

    /**
     * Memory growth past which the runbook says to roll back: "Performance degrades beyond acceptable thresholds
     * (&gt;20% memory, &gt;10% CPU)".
     */
    public static final double ROLLBACK_TRIGGER_MEMORY = 0.20;

    /** CPU growth past which the runbook says to roll back: "(&gt;20% memory, &gt;10% CPU)". */
    public static final double ROLLBACK_TRIGGER_CPU = 0.10;

    /** The runbook says to roll back when "More than 2 services fail health checks". */
    public static final int ROLLBACK_TRIGGER_UNHEALTHY_SERVICES = 2;

    /** The runbook says to roll back when "Test suite failures exceed 5%". */
    public static final double ROLLBACK_TRIGGER_TEST_FAILURES = 0.05;

    private RunbookThresholds() {}

    /** Whether {@code bytes} is within {@link #MEMORY_TOLERANCE} of {@code baselineBytes}. */
    public static boolean memoryWithinBaseline(long baselineBytes, long bytes) {
        return withinTolerance(baselineBytes, bytes, MEMORY_TOLERANCE);
    }

    /** Whether a CPU percentage is below {@link #CPU_MAX_PERCENT}. */
    public static boolean cpuAcceptable(double percent) {
        return percent < CPU_MAX_PERCENT;
    }

    /** Whether {@code value} is within {@code fraction} of {@code baseline}, either way. */
    public static boolean withinTolerance(double baseline, double value, double fraction) {
        if (baseline < 0 || value < 0 || fraction < 0) {
            throw new IllegalArgumentException("figures and tolerance cannot be negative");
        }
        return Math.abs(value - baseline) <= baseline * fraction;
    }
}

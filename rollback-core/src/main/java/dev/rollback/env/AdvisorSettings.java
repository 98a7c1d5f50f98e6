package dev.rollback.env;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code advisor:} section of {@code rollback.yaml}: the runbook's rollback triggers, their thresholds (the
 * runbook's values by default), which of them are off, and how often {@code rollback watch --then-run} may roll the
 * same service back.
 *
 * <pre>
 * advisor:
 *   unhealthy_services: 2          # more than this many failing services: Critical, full
 *   memory_growth_percent: 20      # total memory above the baseline
 *   cpu_points: 10                 # total CPU above the baseline, in points of one core
 *   test_failure_percent: 5        # failed and errored tests of those run
 *   off: [cpu]                     # triggers not measured
 *   junit_reports: build/test-results
 *   then_run_once_per: 1h
 * </pre>
 *
 * @param unhealthyServices failing services tolerated; one more fires the trigger (default 2)
 * @param memoryGrowthPercent total memory growth against the baseline tolerated, in percent (default 20)
 * @param cpuPoints total CPU rise against the baseline tolerated, in percentage points of one core (default 10)
 * @param testFailurePercent failed and errored tests tolerated, in percent of those run (default 5)
 * @param off the triggers switched off, by name ({@link #TRIGGERS})
 * @param junitReports a directory of JUnit XML reports the test trigger reads, relative to the project; empty: none
 * @param thenRunOncePer how often {@code watch --then-run} may roll back the same service (default 1 hour)
 */
public record AdvisorSettings(
        int unhealthyServices,
        double memoryGrowthPercent,
        double cpuPoints,
        double testFailurePercent,
        Set<String> off,
        Optional<Path> junitReports,
        Duration thenRunOncePer) {
    /** The trigger names {@code off} accepts, as the runbook lists them. */
    public static final List<String> TRIGGERS = List.of(
            "unhealthy_services", "memory", "cpu", "test_failures", "data_integrity", "critical_service", "security");

    public static final int DEFAULT_UNHEALTHY_SERVICES = 2;
    public static final double DEFAULT_MEMORY_GROWTH_PERCENT = 20;
    public static final double DEFAULT_CPU_POINTS = 10;
    public static final double DEFAULT_TEST_FAILURE_PERCENT = 5;
    public static final Duration DEFAULT_THEN_RUN_ONCE_PER = Duration.ofHours(1);

    public AdvisorSettings {
        if (unhealthyServices < 0 || memoryGrowthPercent < 0 || cpuPoints < 0 || testFailurePercent < 0) {
            throw new IllegalArgumentException("advisor thresholds cannot be negative");
        }
        off = Set.copyOf(off);
        thenRunOncePer = thenRunOncePer == null ? DEFAULT_THEN_RUN_ONCE_PER : thenRunOncePer;
    }

    /** The runbook's values: 2 services, +20 % memory, +10 CPU points, 5 % tests; every trigger on. */
    public static AdvisorSettings ofDefaults() {
        return new AdvisorSettings(
                DEFAULT_UNHEALTHY_SERVICES,
                DEFAULT_MEMORY_GROWTH_PERCENT,
                DEFAULT_CPU_POINTS,
                DEFAULT_TEST_FAILURE_PERCENT,
                Set.of(),
                Optional.empty(),
                DEFAULT_THEN_RUN_ONCE_PER);
    }
}

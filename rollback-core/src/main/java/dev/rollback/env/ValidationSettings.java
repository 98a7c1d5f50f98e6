package dev.rollback.env;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code validation:} section of {@code rollback.yaml}: what a validation checks beyond what the compose file
 * says, with the runbook's values as defaults.
 *
 * <pre>
 * validation:
 *   http: ["reference-api:8000/health/", "forgejo:3000/api/healthz"]
 *   log_allow: ["FATAL: terminating connection due to administrator command"]
 *   test_command: tests/run-all-tests.sh
 *   test_timeout: 30m
 *   test_min_count: 370
 *   memory_tolerance_percent: 10
 *   cpu_max_percent: 10
 * </pre>
 *
 * @param http HTTP endpoints as {@code <service>:<container port><path>}; empty: DevStack Core's API ports (8000 to
 *     8004) and Forgejo's 3000 where a service publishes them
 * @param logAllow regular expressions of log lines that are never critical
 * @param testCommand the project's test suite, run from the project directory ({@code sh -c}); empty: not run
 * @param testTimeout how long the test suite may take (default 30 minutes)
 * @param testMinCount the fewest tests a passing suite must have run; empty: the baseline's count, if recorded
 * @param memoryTolerancePercent how far a service's memory may be from its baseline (default 10, as the runbook)
 * @param cpuMaxPercent the most CPU a service may use once settled (default 10, as the runbook)
 */
public record ValidationSettings(
        List<String> http,
        List<String> logAllow,
        Optional<String> testCommand,
        Duration testTimeout,
        Optional<Integer> testMinCount,
        double memoryTolerancePercent,
        double cpuMaxPercent) {
    public static final Duration DEFAULT_TEST_TIMEOUT = Duration.ofMinutes(30);
    public static final double DEFAULT_MEMORY_TOLERANCE_PERCENT = 10;
    public static final double DEFAULT_CPU_MAX_PERCENT = 10;

    public ValidationSettings {
        http = List.copyOf(http);
        logAllow = List.copyOf(logAllow);
        testCommand = testCommand.filter(c -> !c.isBlank());
        testTimeout = testTimeout == null ? DEFAULT_TEST_TIMEOUT : testTimeout;
    }

    /** The runbook's defaults: no extra endpoint, nothing allowed, no test command, ±10 % memory, CPU under 10 %. */
    public static ValidationSettings ofDefaults() {
        return new ValidationSettings(
                List.of(),
                List.of(),
                Optional.empty(),
                DEFAULT_TEST_TIMEOUT,
                Optional.empty(),
                DEFAULT_MEMORY_TOLERANCE_PERCENT,
                DEFAULT_CPU_MAX_PERCENT);
    }

    /** These settings with another test command ({@code rollback validate --tests "make test"}). */
    public ValidationSettings withTestCommand(String command) {
        return new ValidationSettings(
                http,
                logAllow,
                Optional.ofNullable(command),
                testTimeout,
                testMinCount,
                memoryTolerancePercent,
                cpuMaxPercent);
    }
}

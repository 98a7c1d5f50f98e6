package dev.rollback.validation.parse;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DevStack Core's {@code tests/run-all-tests.sh} output. Each bash suite ends with a block
 *
 * <pre>
 * Total tests: 11
 * Passed: 10
 * Failed: 1
 * </pre>
 *
 * the pytest suites print their {@code == 178 passed in 3.2s ==} lines, and the runner ends with a summary of suites,
 * not tests:
 *
 * <pre>
 * Test Suites Run: 16
 * Passed: 15
 * Failed: 1
 * Skipped: 1
 * </pre>
 *
 * The test counts are the per-suite blocks and the pytest lines added up; the suite summary is read only so that a
 * suite which failed without printing a failing count (a crash under {@code set -e}) still counts, as an error.
 * Recognised by its {@code Test Suites Run:} line.
 */
final class DevStackSummary {
    private static final Pattern SUITES_RUN = Pattern.compile("(?m)^[ \\t]*Test Suites Run:[ \\t]*(\\d+)[ \\t]*$");
    private static final Pattern SUITES_FAILED = Pattern.compile("(?im)^[ \\t]*Failed:[ \\t]*(\\d+)[ \\t]*$");

    private DevStackSummary() {}

    static Optional<TestCounts> read(String text) {
        Matcher run = SUITES_RUN.matcher(text);
        if (!run.find()) {
            return Optional.empty();
        }
        String suites = text.substring(0, run.start());
        String summary = text.substring(run.end());
        TestCounts tests = TestCounts.of(0, 0, 0, 0, 0, TestOutputFormat.DEVSTACK);
        tests = SummaryLines.genericCounts(suites, TestOutputFormat.DEVSTACK)
                .map(tests::plus)
                .orElse(tests);
        tests = SummaryLines.pytestCounts(suites, TestOutputFormat.DEVSTACK)
                .map(tests::plus)
                .orElse(tests);
        Matcher failedSuites = SUITES_FAILED.matcher(summary);
        int suitesFailed = failedSuites.find() ? Integer.parseInt(failedSuites.group(1)) : 0;
        if (suitesFailed > 0 && tests.failed() + tests.errors() == 0) {
            tests = tests.plus(TestCounts.of(0, 0, 0, suitesFailed, 0, TestOutputFormat.DEVSTACK));
        }
        return Optional.of(tests);
    }
}

package dev.rollback.validation.parse;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a project's test suite reported: how many tests ran, passed, failed, were skipped, errored or timed out, and
 * from which kind of output the figures were read.
 *
 * <p>{@code TestCounts.parse(output).filter(TestCounts::clean).isPresent() // the runbook's "No test failures"}
 *
 * <p>{@code timedOut} counts tests (or timeout markers) that timed out; a timed-out test is also counted in {@code
 * failed} or {@code errors} where the output says so. Output no reader recognises gives an empty {@link Optional}: the
 * check that reads it is then skipped, never passed.
 *
 * @param total tests counted (passed + failed + skipped + errors where the output gives them one by one)
 * @param passed tests that passed
 * @param failed tests that failed an assertion
 * @param skipped tests skipped or marked TODO/expected-to-fail
 * @param errors tests that errored (or suites that failed without saying which test did)
 * @param timedOut tests or runs that hit a timeout
 * @param format the output the counts were read from
 */
public record TestCounts(
        int total, int passed, int failed, int skipped, int errors, int timedOut, TestOutputFormat format) {

    public TestCounts {
        if (total < 0 || passed < 0 || failed < 0 || skipped < 0 || errors < 0 || timedOut < 0) {
            throw new IllegalArgumentException("test counts cannot be negative");
        }
        if (format == null) {
            throw new IllegalArgumentException("format is required");
        }
    }

    /** Counts whose total is the sum of the others. */
    static TestCounts of(int passed, int failed, int skipped, int errors, int timedOut, TestOutputFormat format) {
        return new TestCounts(passed + failed + skipped + errors, passed, failed, skipped, errors, timedOut, format);
    }

    /**
     * Reads a test command's console output, choosing the reader from what the output looks like: JUnit XML, DevStack
     * Core's {@code tests/run-all-tests.sh}, Maven surefire, pytest, {@code go test}, TAP, bats, then a generic {@code
     * Passed: N} summary. The first reader that recognises the output decides (readers are not summed: one run's
     * output often repeats its figures in two formats).
     *
     * @return the counts, or empty when no reader recognises the output
     */
    public static Optional<TestCounts> parse(String output) {
        if (output == null || output.isBlank()) {
            return Optional.empty();
        }
        String text = ConsoleText.clean(output);
        if (JUnitReports.looksLikeXml(text)) {
            return JUnitReports.read(text);
        }
        int timeouts = TimeoutMarkers.count(text);
        Optional<TestCounts> found = DevStackSummary.read(text)
                .or(() -> SummaryLines.surefire(text))
                .or(() -> SummaryLines.pytest(text))
                .or(() -> GoTestOutput.read(text))
                .or(() -> TapOutput.read(text))
                .or(() -> SummaryLines.bats(text))
                .or(() -> SummaryLines.generic(text));
        return found.map(c -> c.withTimeouts(timeouts));
    }

    /**
     * Reads JUnit XML reports: a directory (its {@code TEST-*.xml} files, searched a few levels deep, as surefire and
     * Gradle write them) or one report file.
     *
     * @return the summed counts, or empty when there is no report or a report cannot be read (truncated, not XML)
     */
    public static Optional<TestCounts> fromReports(Path reports) {
        return JUnitReports.fromPath(reports);
    }

    /** No failure, no error and no timeout: the runbook's "No test failures" and "No test timeouts". */
    public boolean clean() {
        return failed == 0 && errors == 0 && timedOut == 0;
    }

    /** These counts and {@code other}'s added up, keeping this one's format. */
    public TestCounts plus(TestCounts other) {
        return new TestCounts(
                total + other.total,
                passed + other.passed,
                failed + other.failed,
                skipped + other.skipped,
                errors + other.errors,
                timedOut + other.timedOut,
                format);
    }

    /** These counts with at least {@code markers} timeouts. */
    TestCounts withTimeouts(int markers) {
        return markers <= timedOut ? this : new TestCounts(total, passed, failed, skipped, errors, markers, format);
    }

    @Override
    public String toString() {
        return total + " tests: " + passed + " passed, " + failed + " failed, " + skipped + " skipped, " + errors
                + " errors, " + timedOut + " timed out (" + format + ")";
    }
}

package dev.rollback.validation.parse;

/**
 * Where a set of {@link TestCounts} was read from.
 *
 * <p>{@code TestCounts.parse(output).map(TestCounts::format) // Optional[PYTEST]}
 */
public enum TestOutputFormat {
    /** JUnit XML reports ({@code TEST-*.xml}), counted from their testcase elements. */
    JUNIT_XML,
    /** Test Anything Protocol: {@code 1..N}, {@code ok}, {@code not ok}. */
    TAP,
    /** Maven surefire/failsafe's {@code Tests run: X, Failures: Y, Errors: Z, Skipped: W}. */
    SUREFIRE,
    /** pytest's {@code == 3 failed, 370 passed, 2 skipped in 12.3s ==}. */
    PYTEST,
    /** bats' pretty summary {@code 12 tests, 1 failure, 2 skipped}. */
    BATS,
    /** {@code go test}: {@code --- PASS}/{@code --- FAIL} lines, else {@code ok}/{@code FAIL} packages. */
    GO,
    /** DevStack Core's {@code tests/run-all-tests.sh}: per-suite blocks, pytest summaries, a suite summary. */
    DEVSTACK,
    /** A generic {@code Total: N} / {@code Passed: N} / {@code Failed: N} summary. */
    GENERIC
}

package dev.rollback.validation.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestCountsTest {
    private static final String ESC = "\u001B";

    private static TestCounts parsed(String output) {
        Optional<TestCounts> c = TestCounts.parse(output);
        assertThat(c).as("counts read from:%n%s", output).isPresent();
        return c.get();
    }

    @Test
    void unknownEmptyOrNullOutputGivesNoCounts() {
        assertThat(TestCounts.parse(null)).isEmpty();
        assertThat(TestCounts.parse("")).isEmpty();
        assertThat(TestCounts.parse("  \r\n\n")).isEmpty();
        assertThat(TestCounts.parse("Starting services...\nall good, probably\nok then\nDone."))
                .isEmpty();
        assertThat(TestCounts.parse("Passed the parcel: 3 times")).isEmpty();
    }

    @Test
    void surefireSumsEveryModulesTotalsAndIgnoresPerClassLines() {
        String out = String.join(
                "\n",
                "[INFO] Running dev.rollback.core.PlanTest",
                "[INFO] Tests run: 12, Failures: 0, Errors: 0, Skipped: 1, Time elapsed: 0.31 s -- in dev.rollback.core.PlanTest",
                "[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.05 s <<< FAILURE! -- in dev.rollback.X",
                "[INFO] Results:",
                "[INFO] ",
                "[ERROR] Tests run: 15, Failures: 1, Errors: 0, Skipped: 1",
                "[INFO] Results:",
                "[INFO] Tests run: 40, Failures: 0, Errors: 2, Skipped: 3",
                "[INFO] BUILD FAILURE");
        TestCounts c = parsed(out);
        assertThat(c.format()).isEqualTo(TestOutputFormat.SUREFIRE);
        assertThat(c.total()).isEqualTo(55);
        assertThat(c.failed()).isEqualTo(1);
        assertThat(c.errors()).isEqualTo(2);
        assertThat(c.skipped()).isEqualTo(4);
        assertThat(c.passed()).isEqualTo(48);
        assertThat(c.clean()).isFalse();
    }

    @Test
    void surefireWithoutMavenPrefixAndWithCrlf() {
        TestCounts c = parsed("Results :\r\n\r\nTests run: 370, Failures: 0, Errors: 0, Skipped: 0\r\n\r\n");
        assertThat(c).isEqualTo(new TestCounts(370, 370, 0, 0, 0, 0, TestOutputFormat.SUREFIRE));
        assertThat(c.clean()).isTrue();
    }

    @Test
    void pytestSummaryWithFrameAndWithout() {
        TestCounts c = parsed("tests/test_api.py ..F.s\n"
                + "=========== 3 failed, 370 passed, 2 skipped, 1 warning in 12.30s ===========\n");
        assertThat(c).isEqualTo(new TestCounts(375, 370, 3, 2, 0, 0, TestOutputFormat.PYTEST));

        TestCounts quiet = parsed("....\n4 passed, 1 xfailed, 1 error in 0.52s\n");
        assertThat(quiet.passed()).isEqualTo(4);
        assertThat(quiet.skipped()).isEqualTo(1);
        assertThat(quiet.errors()).isEqualTo(1);

        TestCounts slow = parsed("===== 178 passed in 63.21s (0:01:03) =====");
        assertThat(slow.passed()).isEqualTo(178);
    }

    @Test
    void pytestNoTestsRanIsZeroNotUnknown() {
        TestCounts c = parsed("============================ no tests ran in 0.01s =============================");
        assertThat(c.total()).isZero();
        assertThat(c.format()).isEqualTo(TestOutputFormat.PYTEST);
    }

    @Test
    void goVerboseCountsTopLevelTestsNotSubtests() {
        String out = String.join(
                "\n",
                "=== RUN   TestHealth",
                "--- PASS: TestHealth (0.00s)",
                "=== RUN   TestVault",
                "=== RUN   TestVault/sealed",
                "    --- FAIL: TestVault/sealed (0.01s)",
                "--- FAIL: TestVault (0.01s)",
                "--- SKIP: TestRedis (0.00s)",
                "FAIL",
                "FAIL\tgithub.com/devstack/golang-api/handlers\t0.021s",
                "ok  \tgithub.com/devstack/golang-api/config\t(cached)");
        TestCounts c = parsed(out);
        assertThat(c).isEqualTo(new TestCounts(3, 1, 1, 1, 0, 0, TestOutputFormat.GO));
    }

    @Test
    void goPackagesOnlyAndABuildFailureWithoutFailingTest() {
        TestCounts pkgs = parsed("ok  \texample.com/a\t0.012s\nFAIL\texample.com/b [build failed]\n"
                + "?   \texample.com/c\t[no test files]\n");
        assertThat(pkgs).isEqualTo(new TestCounts(2, 1, 1, 0, 0, 0, TestOutputFormat.GO));

        TestCounts panicked = parsed(
                "--- PASS: TestA (0.00s)\npanic: test timed out after 10m0s\n" + "FAIL\texample.com/a\t600.012s\n");
        assertThat(panicked.errors()).isEqualTo(1);
        assertThat(panicked.timedOut()).isEqualTo(1);
        assertThat(panicked.clean()).isFalse();
    }

    @Test
    void tapCountsSkipTodoAndMissingTests() {
        String out = String.join(
                "\n",
                "1..6",
                "ok 1 vault is unsealed",
                "not ok 2 postgres accepts connections",
                "# (in test file test/db.bats, line 12)",
                "ok 3 redis cluster # skip cluster not started",
                "not ok 4 rabbitmq vhosts # TODO not implemented",
                "ok 5 forgejo answers",
                "  ok 1 - a subtest is not counted");
        TestCounts c = parsed(out);
        assertThat(c.format()).isEqualTo(TestOutputFormat.TAP);
        assertThat(c.passed()).isEqualTo(2);
        assertThat(c.failed()).isEqualTo(1);
        assertThat(c.skipped()).isEqualTo(2);
        assertThat(c.errors()).as("test 6 was planned but never reported").isEqualTo(1);
        assertThat(c.total()).isEqualTo(6);
    }

    @Test
    void tapBailOutIsAnError() {
        TestCounts c = parsed("1..2\nok 1 first\nok 2 second\nBail out! database gone\n");
        assertThat(c.errors()).isEqualTo(1);
        TestCounts early = parsed("1..5\nok 1 first\nBail out! database gone\nok 2 never read\n");
        assertThat(early.passed()).isEqualTo(1);
        assertThat(early.errors()).isEqualTo(4);
    }

    @Test
    void tapWithoutPlanNeedsNumberedResults() {
        assertThat(parsed("ok 1 - one\nnot ok 2 - two\n").total()).isEqualTo(2);
        assertThat(TestCounts.parse("ok\nok\n")).isEmpty();
    }

    @Test
    void batsPrettySummary() {
        TestCounts c = parsed(" ✓ vault is unsealed\n ✗ postgres accepts connections\n   - redis (skipped)\n\n"
                + "3 tests, 1 failure, 1 skipped in 2 seconds\n");
        assertThat(c).isEqualTo(new TestCounts(3, 1, 1, 1, 0, 0, TestOutputFormat.BATS));
    }

    @Test
    void genericSummaryIsCaseInsensitiveAndColoured() {
        TestCounts c = parsed("Running checks\n" + "TOTAL: 12\n" + ESC + "[0;32mpassed: 10" + ESC + "[0m\n" + ESC
                + "[0;31mFAILED = 1" + ESC + "[0m\nSkipped: 1\n");
        assertThat(c).isEqualTo(new TestCounts(12, 10, 1, 1, 0, 0, TestOutputFormat.GENERIC));
    }

    @Test
    void genericSummaryNeedsAnOutcome() {
        assertThat(TestCounts.parse("Total: 12\nSkipped: 2\n")).isEmpty();
    }

    @Test
    void devStackRunnerAddsSuiteBlocksAndPytestButNotTheSuiteSummary() {
        String out = String.join(
                "\n",
                ESC + "[0;36m=========================================" + ESC + "[0m",
                ESC + "[0;36m  Running: Vault Integration" + ESC + "[0m",
                ESC + "[0;36m=========================================" + ESC + "[0m",
                ESC + "[0;34m[INFO]" + ESC + "[0m Test 1: Vault container is running",
                ESC + "[0;32m[PASS]" + ESC + "[0m Vault container is running",
                "=========================================",
                "  Test Results",
                "=========================================",
                "Total tests: 10",
                ESC + "[0;32mPassed: 10" + ESC + "[0m",
                "=========================================",
                ESC + "[0;32m✓ All Vault tests passed!" + ESC + "[0m",
                "  Running: PostgreSQL Vault Integration",
                "Total tests: 11",
                ESC + "[0;32mPassed: 10" + ESC + "[0m",
                ESC + "[0;31mFailed: 1" + ESC + "[0m",
                "",
                "Failed tests:",
                "  " + ESC + "[0;31m✗" + ESC + "[0m test_postgres_connection",
                "  Running: FastAPI Unit Tests (pytest)",
                "tests/test_health.py::test_health PASSED                                   [  1%]",
                "======================= 178 passed, 2 skipped in 3.21s ========================",
                "  Test Summary",
                "",
                "Test Suites Run: 16",
                ESC + "[0;32mPassed: 15" + ESC + "[0m",
                ESC + "[0;31mFailed: 1" + ESC + "[0m",
                ESC + "[1;33mSkipped: 1" + ESC + "[0m",
                "",
                "Results by suite:",
                "  " + ESC + "[0;32m✓" + ESC + "[0m Vault Integration",
                ESC + "[0;31m✗ SOME TESTS FAILED" + ESC + "[0m");
        TestCounts c = parsed(out);
        assertThat(c.format()).isEqualTo(TestOutputFormat.DEVSTACK);
        assertThat(c.passed()).isEqualTo(10 + 10 + 178);
        assertThat(c.failed()).isEqualTo(1);
        assertThat(c.skipped()).isEqualTo(2);
        assertThat(c.errors()).isZero();
        assertThat(c.total()).isEqualTo(21 + 180);
    }

    @Test
    void devStackSuiteThatFailedWithoutCountsIsAnError() {
        String out = "Total tests: 5\nPassed: 5\n  Running: Redis Cluster\nerror: cannot connect\n"
                + "Test Suites Run: 2\nPassed: 1\nFailed: 1\n";
        TestCounts c = parsed(out);
        assertThat(c.passed()).isEqualTo(5);
        assertThat(c.errors()).isEqualTo(1);
        assertThat(c.clean()).isFalse();
    }

    @Test
    void timeoutMarkersCount() {
        TestCounts c = parsed(
                "+++++++++++++++++++ Timeout +++++++++++++++++++\n" + "==== 1 failed, 20 passed in 300.00s ====\n");
        assertThat(c.timedOut()).isEqualTo(1);
        assertThat(c.clean()).isFalse();

        TestCounts marker = parsed("Total: 3\nPassed: 3\nTIMEOUT: tests/run-all-tests.sh after 600s\n");
        assertThat(marker.timedOut()).isEqualTo(1);
        assertThat(marker.failed()).isZero();
        assertThat(marker.clean()).isFalse();
    }

    @Test
    void mixedOutputIsReadByTheMostSpecificReaderNotSummed() {
        // a Maven build that also runs a pytest step: surefire's figures decide, nothing is counted twice
        String out = "[INFO] Tests run: 5, Failures: 0, Errors: 0, Skipped: 0\n==== 7 passed in 0.1s ====\n";
        TestCounts c = parsed(out);
        assertThat(c.format()).isEqualTo(TestOutputFormat.SUREFIRE);
        assertThat(c.total()).isEqualTo(5);
    }

    @Test
    void hugeLinesAndLongOutputAreRead() {
        StringBuilder out = new StringBuilder();
        out.append("x".repeat(2_000_000)).append('\n');
        for (int i = 0; i < 20_000; i++) {
            out.append("tests/test_x.py::test_").append(i).append(" PASSED\n");
        }
        out.append("#".repeat(500_000)).append(" # ok 1 ".repeat(1000)).append('\n');
        out.append("==== 20000 passed in 99.00s ====\n");
        TestCounts c = parsed(out.toString());
        assertThat(c.passed()).isEqualTo(20_000);
    }

    @Test
    void xmlOnStandardOutputIsReadAsJUnit() {
        TestCounts c = parsed("<?xml version=\"1.0\"?>\n<testsuite name=\"s\"><testcase name=\"a\"/></testsuite>");
        assertThat(c.format()).isEqualTo(TestOutputFormat.JUNIT_XML);
        assertThat(c.passed()).isEqualTo(1);
    }

    @Test
    void countsRefuseNegativesAndAddUp() {
        assertThatThrownBy(() -> new TestCounts(1, -1, 0, 0, 0, 0, TestOutputFormat.TAP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TestCounts(1, 1, 0, 0, 0, 0, null)).isInstanceOf(IllegalArgumentException.class);
        TestCounts a = new TestCounts(2, 1, 1, 0, 0, 0, TestOutputFormat.TAP);
        assertThat(a.plus(a)).isEqualTo(new TestCounts(4, 2, 2, 0, 0, 0, TestOutputFormat.TAP));
        assertThat(a.toString()).contains("2 tests", "1 failed", "TAP");
    }
}

package dev.rollback.validation.check;

import dev.rollback.validation.parse.TestCounts;
import dev.rollback.validation.probe.TestCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * "Test suite passes (370+ tests)": the project's own test command ({@code validation.test_command} in
 * {@code rollback.yaml}, DevStack Core's {@code tests/run-all-tests.sh}) run from the project directory within
 * {@code test_timeout}, its counts read from its output (JUnit XML, TAP, pytest, bats, go, surefire or DevStack's
 * summary). It passes when the command exits 0, no test failed, errored or timed out, and at least as many ran as
 * {@code test_min_count}, else the baseline's count.
 *
 * <p>{@code TestSuiteCheck.all() // tests.suite}
 */
final class TestSuiteCheck {
    static final String GROUP = "tests";

    private TestSuiteCheck() {}

    static List<Check> all(CheckContext ctx) {
        Duration limit = ctx.settings().testTimeout();
        return List.of(new Check(
                "tests.suite", GROUP, "The project's test suite passes", limit.plusSeconds(30), c -> run(c, limit)));
    }

    private static Verdict run(CheckContext ctx, Duration limit) throws IOException, InterruptedException {
        String command = ctx.settings()
                .testCommand()
                .orElseThrow(() -> new CheckSkipped("no test command: set validation.test_command in rollback.yaml"
                        + " (DevStack Core: tests/run-all-tests.sh), or pass --tests"));
        TestCommand.Result result = TestCommand.run(ctx.environment().projectDir(), command, limit);
        Optional<TestCounts> counts = result.counts();
        int min = ctx.settings()
                .testMinCount()
                .orElse(ctx.baseline()
                        .map(b -> b.testCount())
                        .filter(n -> n > 0)
                        .orElse(1));
        String expected = "exit 0, no failures, at least " + min + " tests";
        String todo = "run it yourself (" + command + ") and read the failures; roll back the phase that broke them"
                + " (rollback phase <id>) or everything (rollback full)";
        if (!result.ended()) {
            return Verdict.fail(
                    expected,
                    "still running after " + limit.toMinutes() + " min; killed"
                            + counts.map(c -> " (" + c + " so far)").orElse(""),
                    "find the test that hangs; raise validation.test_timeout only if the suite is that slow");
        }
        int exit = result.exit();
        if (counts.isEmpty()) {
            return Verdict.of(
                    false,
                    expected,
                    "exit " + exit + ", no test counts in its output (" + result.outputChars() + " characters)",
                    exit == 0 ? "make the command print a summary or JUnit XML, so its counts can be read" : todo);
        }
        TestCounts c = counts.get();
        boolean ok = exit == 0 && c.failed() == 0 && c.errors() == 0 && c.timedOut() == 0 && c.total() >= min;
        return Verdict.of(ok, expected, "exit " + exit + ", " + c, todo);
    }
}

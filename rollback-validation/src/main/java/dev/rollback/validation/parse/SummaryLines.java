package dev.rollback.validation.parse;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runners' one-line summaries: Maven surefire, pytest, bats, and a generic {@code Passed: N} block. */
final class SummaryLines {
    /** Surefire's totals line; the per-class lines end with {@code , Time elapsed: ...} and are not read. */
    private static final Pattern SUREFIRE = Pattern.compile(
            "(?m)^(?:\\[(?:INFO|WARNING|ERROR)\\] )?[ \\t]*Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)"
                    + "(?:, Flakes: \\d+)?[ \\t]*$");

    /** pytest's final line, with or without its {@code ===} frame: {@code 3 failed, 370 passed in 12.3s}. */
    private static final Pattern PYTEST = Pattern.compile(
            "(?m)^=*[ \\t]*((?:\\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|deselected|warnings?|rerun)"
                    + "(?:, )?)+) in [\\d.]+s?(?: \\([^)]*\\))?[ \\t]*=*[ \\t]*$");

    private static final Pattern PYTEST_NONE = Pattern.compile("(?m)^=+ no tests ran in [\\d.]+s =+[ \\t]*$");
    private static final Pattern PYTEST_PART = Pattern.compile("(\\d+) (\\w+)");

    /** bats' pretty formatter: {@code 12 tests, 1 failure, 2 skipped}. */
    private static final Pattern BATS = Pattern.compile(
            "(?m)^[ \\t]*(\\d+) tests?, (\\d+) failures?(?:, (\\d+) skipped)?(?:, (\\d+) not run)?(?: in [\\d.]+ seconds)?[ \\t]*$");

    /** A generic summary line: the label, a colon or equals sign, a number and nothing else. */
    private static final Pattern GENERIC = Pattern.compile(
            "(?im)^[^\\p{Alnum}\\n]{0,8}(total(?: tests)?|tests run|tests|passed|failed|failures|skipped|errors?)"
                    + "[ \\t]*[:=][ \\t]*(\\d+)[ \\t]*$");

    private SummaryLines() {}

    /** Every surefire totals line, summed (a multi-module build prints one per module). */
    static Optional<TestCounts> surefire(String text) {
        Matcher m = SUREFIRE.matcher(text);
        TestCounts sum = null;
        while (m.find()) {
            int run = Integer.parseInt(m.group(1));
            int failures = Integer.parseInt(m.group(2));
            int errors = Integer.parseInt(m.group(3));
            int skipped = Integer.parseInt(m.group(4));
            int passed = Math.max(0, run - failures - errors - skipped);
            TestCounts one = new TestCounts(run, passed, failures, skipped, errors, 0, TestOutputFormat.SUREFIRE);
            sum = sum == null ? one : sum.plus(one);
        }
        return Optional.ofNullable(sum);
    }

    /** Every pytest summary line, summed (DevStack runs two pytest suites). */
    static Optional<TestCounts> pytest(String text) {
        return pytestCounts(text, TestOutputFormat.PYTEST);
    }

    static Optional<TestCounts> pytestCounts(String text, TestOutputFormat format) {
        TestCounts sum = null;
        Matcher m = PYTEST.matcher(text);
        while (m.find()) {
            int passed = 0, failed = 0, skipped = 0, errors = 0;
            Matcher part = PYTEST_PART.matcher(m.group(1));
            while (part.find()) {
                int n = Integer.parseInt(part.group(1));
                switch (part.group(2)) {
                    case "passed", "xpassed" -> passed += n;
                    case "failed" -> failed += n;
                    case "skipped", "xfailed" -> skipped += n;
                    case "error", "errors" -> errors += n;
                    default -> {} // deselected, warnings, rerun: not test outcomes
                }
            }
            TestCounts one = TestCounts.of(passed, failed, skipped, errors, 0, format);
            sum = sum == null ? one : sum.plus(one);
        }
        if (sum == null && PYTEST_NONE.matcher(text).find()) {
            sum = TestCounts.of(0, 0, 0, 0, 0, format);
        }
        return Optional.ofNullable(sum);
    }

    /** bats' summary line (the last one, if the output holds several runs). */
    static Optional<TestCounts> bats(String text) {
        Matcher m = BATS.matcher(text);
        TestCounts last = null;
        while (m.find()) {
            int total = Integer.parseInt(m.group(1));
            int failures = Integer.parseInt(m.group(2));
            int skipped = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            int notRun = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            int passed = Math.max(0, total - failures - skipped - notRun);
            last = new TestCounts(total, passed, failures, skipped + notRun, 0, 0, TestOutputFormat.BATS);
        }
        return Optional.ofNullable(last);
    }

    /**
     * Generic {@code Total: N}, {@code Passed: N}, {@code Failed: N}, {@code Skipped: N}, {@code Errors: N} lines
     * (case-insensitive, colours and a leading bullet allowed), summed over every block they appear in. Needs a passed
     * or failed figure; the total is the larger of the stated totals and the sum of the outcomes.
     */
    static Optional<TestCounts> generic(String text) {
        return genericCounts(text, TestOutputFormat.GENERIC);
    }

    static Optional<TestCounts> genericCounts(String text, TestOutputFormat format) {
        int total = 0, passed = 0, failed = 0, skipped = 0, errors = 0;
        boolean outcome = false;
        Matcher m = GENERIC.matcher(text);
        while (m.find()) {
            int n = Integer.parseInt(m.group(2));
            switch (m.group(1).toLowerCase(Locale.ROOT)) {
                case "passed" -> {
                    passed += n;
                    outcome = true;
                }
                case "failed", "failures" -> {
                    failed += n;
                    outcome = true;
                }
                case "skipped" -> skipped += n;
                case "error", "errors" -> errors += n;
                default -> total += n;
            }
        }
        if (!outcome) {
            return Optional.empty();
        }
        int sum = passed + failed + skipped + errors;
        return Optional.of(new TestCounts(Math.max(total, sum), passed, failed, skipped, errors, 0, format));
    }
}

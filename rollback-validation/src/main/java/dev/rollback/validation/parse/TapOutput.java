package dev.rollback.validation.parse;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test Anything Protocol (bats {@code --tap}, prove, node-tap): a {@code 1..N} plan and {@code ok}/{@code not ok}
 * lines. {@code # SKIP} counts as skipped, {@code # TODO} too (expected to fail, so neither a pass nor a failure);
 * {@code Bail out!} and tests the plan promised but never reported count as errors. Indented lines (subtests) are not
 * counted. Without a plan, at least one numbered result is needed to call the output TAP.
 */
final class TapOutput {
    private static final Pattern PLAN = Pattern.compile("^1\\.\\.(\\d+)(?:\\s*#.*)?$");
    private static final Pattern RESULT = Pattern.compile("^(not ok|ok)\\b(\\s+\\d+)?([^#]*)(?:#\\s*(\\w+)\\b.*)?$");

    private TapOutput() {}

    static Optional<TestCounts> read(String text) {
        int planned = -1, passed = 0, failed = 0, skipped = 0, results = 0, numbered = 0;
        boolean bailedOut = false;
        for (String line : ConsoleText.lines(text)) {
            Matcher plan = PLAN.matcher(line);
            if (plan.matches()) {
                if (planned < 0) {
                    planned = Integer.parseInt(plan.group(1));
                }
                continue;
            }
            if (line.startsWith("Bail out!")) {
                bailedOut = true;
                break;
            }
            if (!line.startsWith("ok") && !line.startsWith("not ok")) {
                continue;
            }
            Matcher r = RESULT.matcher(line);
            if (!r.matches()) {
                continue;
            }
            results++;
            if (r.group(2) != null) {
                numbered++;
            }
            String directive = r.group(4) == null ? "" : r.group(4).toUpperCase(Locale.ROOT);
            if (directive.startsWith("SKIP") || directive.equals("TODO")) {
                skipped++;
            } else if (r.group(1).equals("ok")) {
                passed++;
            } else {
                failed++;
            }
        }
        if (planned < 0 && numbered == 0) {
            // a stray "ok" line in other output is not TAP: a plan or a numbered result is needed
            return Optional.empty();
        }
        int missing = Math.max(0, planned - results);
        int errors = missing + (bailedOut && missing == 0 ? 1 : 0);
        return Optional.of(TestCounts.of(passed, failed, skipped, errors, 0, TestOutputFormat.TAP));
    }
}

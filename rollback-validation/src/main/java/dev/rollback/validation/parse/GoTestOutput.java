package dev.rollback.validation.parse;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code go test} output: with {@code -v}, its top-level {@code --- PASS}/{@code --- FAIL}/{@code --- SKIP} lines
 * (subtests, indented, are not counted); without, its package lines ({@code ok}, {@code FAIL}, {@code ? ... [no test
 * files]}), one per package.
 */
final class GoTestOutput {
    private static final Pattern TEST = Pattern.compile("(?m)^--- (PASS|FAIL|SKIP): \\S+ \\([\\d.]+s\\)[ \\t]*$");
    private static final Pattern PACKAGE =
            Pattern.compile("(?m)^(ok|FAIL)[ \\t]+\\S+[ \\t]+(?:[\\d.]+s|\\(cached\\)|\\[[^\\]]+\\])(?:[ \\t].*)?$");

    private GoTestOutput() {}

    static Optional<TestCounts> read(String text) {
        int passed = 0, failed = 0, skipped = 0;
        Matcher t = TEST.matcher(text);
        while (t.find()) {
            switch (t.group(1)) {
                case "PASS" -> passed++;
                case "FAIL" -> failed++;
                default -> skipped++;
            }
        }
        int packagesOk = 0, packagesFailed = 0;
        Matcher p = PACKAGE.matcher(text);
        while (p.find()) {
            if (p.group(1).equals("ok")) {
                packagesOk++;
            } else {
                packagesFailed++;
            }
        }
        if (passed + failed + skipped > 0) {
            // a package that failed without a failing test (build failure, panic) is an error
            int errors = failed == 0 ? packagesFailed : 0;
            return Optional.of(TestCounts.of(passed, failed, skipped, errors, 0, TestOutputFormat.GO));
        }
        if (packagesOk + packagesFailed > 0) {
            return Optional.of(TestCounts.of(packagesOk, packagesFailed, 0, 0, 0, TestOutputFormat.GO));
        }
        return Optional.empty();
    }
}

package dev.rollback.validation.check;

import dev.rollback.validation.report.CheckStatus;
import java.util.Objects;

/**
 * What one check concluded, before its id, title and timing are added: passed, failed with what to do, or skipped
 * with the reason it could not run.
 *
 * <p>{@code return Verdict.fail("main", "feature-x", "git checkout main, or run rollback full");}
 *
 * @param status how the check ended
 * @param expected what it expected
 * @param found what it found (for a skipped check: why it could not run)
 * @param todo what to do about a failure
 */
public record Verdict(CheckStatus status, String expected, String found, String todo) {
    public Verdict {
        Objects.requireNonNull(status, "status");
        expected = expected == null ? "" : expected;
        found = found == null ? "" : found;
        todo = todo == null ? "" : todo;
    }

    /** What must hold holds. */
    public static Verdict pass(String expected, String found) {
        return new Verdict(CheckStatus.PASSED, expected, found, "");
    }

    /** What must hold does not; {@code todo} says what to do, in the runbook's terms. */
    public static Verdict fail(String expected, String found, String todo) {
        return new Verdict(CheckStatus.FAILED, expected, found, todo);
    }

    /** The check could not run; never counted as passed. */
    public static Verdict skip(String reason) {
        return new Verdict(CheckStatus.SKIPPED, "", reason, "");
    }

    /** Passes when {@code holds}, else fails with {@code todo}. */
    public static Verdict of(boolean holds, String expected, String found, String todo) {
        return holds ? pass(expected, found) : fail(expected, found, todo);
    }
}

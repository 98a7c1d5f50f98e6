package dev.rollback.validation.report;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one validation check: what must hold (in the runbook's words), what was expected, what was found
 * and, when it does not hold, what to do.
 *
 * <p>{@code CheckOutcome.failed("git.branch", "git", "On the baseline branch", "main", "x", "git checkout main", took)}
 *
 * @param id the check's stable id, {@code <group>.<name>}: {@code git.branch}, {@code vault.unsealed}, {@code
 *     db.postgres.data}
 * @param group the group it belongs to: git, services, vault, databases, http, files, resources, logs, tests
 * @param title what must hold, in the runbook's words
 * @param status how it ended
 * @param expected what the check expected (empty when it did not get that far)
 * @param found what it found; for a skipped check, the reason it could not run
 * @param todo what to do about it; empty when passed
 * @param took how long the check took
 */
public record CheckOutcome(
        String id,
        String group,
        String title,
        CheckStatus status,
        String expected,
        String found,
        String todo,
        Duration took) {

    public CheckOutcome {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(status, "status");
        expected = expected == null ? "" : expected;
        found = found == null ? "" : found;
        todo = status == CheckStatus.PASSED || todo == null ? "" : todo;
        took = took == null || took.isNegative() ? Duration.ZERO : took;
    }

    /**
     * A check that holds: {@code CheckOutcome.passed("git.branch", "git", "On the baseline branch", "main", "main", d)}.
     */
    public static CheckOutcome passed(
            String id, String group, String title, String expected, String found, Duration took) {
        return new CheckOutcome(id, group, title, CheckStatus.PASSED, expected, found, "", took);
    }

    /** A check that does not hold, with what to do about it. */
    public static CheckOutcome failed(
            String id, String group, String title, String expected, String found, String todo, Duration took) {
        return new CheckOutcome(id, group, title, CheckStatus.FAILED, expected, found, todo, took);
    }

    /**
     * A check that could not run: {@code CheckOutcome.skipped("vault.unsealed", "vault", "Unsealed", "vault stopped")}.
     */
    public static CheckOutcome skipped(String id, String group, String title, String reason) {
        return new CheckOutcome(id, group, title, CheckStatus.SKIPPED, "", reason, "", Duration.ZERO);
    }

    /** Why a skipped check could not run (its {@link #found()}); empty for a check that ran. */
    public String reason() {
        return status == CheckStatus.SKIPPED ? found : "";
    }
}

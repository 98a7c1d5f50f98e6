package dev.rollback.validation.check;

import java.time.Duration;
import java.util.Objects;

/**
 * One check of a validation: a stable id ({@code <group>.<name>}), its group, what must hold in the runbook's words,
 * how long it may take, and the body that looks at the live environment. Checks run in parallel: a body reads
 * shared state only through its {@link CheckContext}.
 *
 * <p>{@code Check.of("git.branch", "git", "On the baseline branch", ctx -> Verdict.pass("main", "main"))}
 *
 * @param id the stable id, {@code git.branch}, {@code db.postgres.data}
 * @param group {@code git}, {@code services}, {@code vault}, {@code databases}, {@code http}, {@code files},
 *     {@code resources}, {@code logs}, {@code tests}, {@code backup}
 * @param title what must hold
 * @param timeout how long the body may run before the check fails as timed out
 * @param body what the check does
 */
public record Check(String id, String group, String title, Duration timeout, Body body) {
    /** How long a check may take unless it says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    public Check {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        timeout = timeout == null || timeout.isNegative() || timeout.isZero() ? DEFAULT_TIMEOUT : timeout;
    }

    /** A check with the default timeout. */
    public static Check of(String id, String group, String title, Body body) {
        return new Check(id, group, title, DEFAULT_TIMEOUT, body);
    }

    /** This check with another timeout. */
    public Check within(Duration limit) {
        return new Check(id, group, title, limit, body);
    }

    /** The work of a check; throw {@link CheckSkipped} when it cannot run, anything else fails it. */
    @FunctionalInterface
    public interface Body {
        Verdict run(CheckContext ctx) throws Exception;
    }
}

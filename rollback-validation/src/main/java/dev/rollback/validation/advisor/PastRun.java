package dev.rollback.validation.advisor;

import dev.rollback.events.Scope;
import java.time.Duration;
import java.util.Objects;

/**
 * One past rollback of the environment, as the expected duration needs it.
 *
 * <p>{@code new PastRun(Scope.SERVICE, Duration.ofSeconds(95), true)}
 *
 * @param scope what it rolled back
 * @param duration how long it ran
 * @param succeeded whether it succeeded
 */
public record PastRun(Scope scope, Duration duration, boolean succeeded) {
    public PastRun {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(duration, "duration");
    }
}

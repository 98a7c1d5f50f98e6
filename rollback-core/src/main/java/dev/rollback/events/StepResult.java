package dev.rollback.events;

import java.time.Duration;
import java.util.List;

/**
 * What one step of a run did.
 *
 * <p>{@code result.steps().stream().filter(s -> s.status() == StepResult.Status.FAILED)}
 *
 * @param name the step's short name
 * @param description its one-line description
 * @param status how it ended
 * @param duration how long it ran
 * @param details notes the step recorded (files restored, time to healthy, ...)
 */
public record StepResult(String name, String description, Status status, Duration duration, List<String> details) {

    /**
     * How a step ended: done; failed (its last detail says why); skipped as already done; undone; or not run,
     * because an earlier step failed or preflight refused the plan.
     */
    public enum Status {
        SUCCEEDED,
        FAILED,
        SKIPPED,
        UNDONE,
        NOT_RUN
    }

    public StepResult {
        details = List.copyOf(details);
    }
}

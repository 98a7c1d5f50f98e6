package dev.rollback;

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

    /** How a step ended. */
    public enum Status { SUCCEEDED, FAILED, SKIPPED, UNDONE }

    public StepResult {
        details = List.copyOf(details);
    }
}

package dev.rollback.events;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The structured outcome of an executed plan.
 *
 * <p>{@code RollbackResult r = Rollback.in(home).config().set("X", "1").execute(); r.duration();}
 *
 * @param runId the run's id (its journal is under {@code .rollback/runs/<runId>/})
 * @param scope the rollback scope
 * @param started when the run started
 * @param duration wall time of the whole run
 * @param steps per-step results, in plan order
 * @param timeToHealthy per service, how long it took to become healthy after being (re)started
 * @param journal the run's journal file
 */
public record RollbackResult(
        String runId,
        Scope scope,
        Instant started,
        Duration duration,
        List<StepResult> steps,
        Map<String, Duration> timeToHealthy,
        Path journal) {

    public RollbackResult {
        steps = List.copyOf(steps);
        timeToHealthy = Map.copyOf(timeToHealthy);
    }

    /** True when every step succeeded (or was skipped as already done). */
    public boolean succeeded() {
        return steps.stream()
                .allMatch(s -> s.status() == StepResult.Status.SUCCEEDED || s.status() == StepResult.Status.SKIPPED);
    }

    /** How the run ended: {@code succeeded}, {@code failed} (a step failed), {@code refused} (preflight). */
    public String outcome() {
        if (succeeded()) {
            return "succeeded";
        }
        return steps.stream().anyMatch(s -> s.status() == StepResult.Status.FAILED) ? "failed" : "refused";
    }
}

package dev.rollback.service;

import dev.rollback.errors.Problem;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoRecipe;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Stops services' containers, as the runbook's {@code docker compose stop mysql} (all three Redis nodes together).
 *
 * <p>{@code new StopServicesStep(List.of("redis-1", "redis-2", "redis-3"), Duration.ofSeconds(10))}
 */
public final class StopServicesStep implements Step {
    private final List<String> services;
    private final Duration timeout;

    public StopServicesStep(List<String> services, Duration timeout) {
        this.services = List.copyOf(services);
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "stop";
    }

    @Override
    public String describe() {
        return "stop " + String.join(", ", services);
    }

    @Override
    public List<String> touches() {
        return services.stream()
                .map(s -> "container of " + s + " (stopped, not removed)")
                .toList();
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        return Runtimes.check(ctx, services);
    }

    @Override
    public void execute(StepContext ctx) {
        List<String> running = Runtimes.running(ctx, services);
        if (!running.isEmpty()) {
            ctx.undoWith(UndoRecipe.of(
                    "services-up",
                    "start " + String.join(", ", running) + " again",
                    Map.of("services", String.join(",", running))));
        }
        Runtimes.require(ctx).stop(ctx.environment(), services, timeout);
        ctx.note("stopped " + String.join(", ", services));
    }

    @Override
    public boolean canUndo() {
        return true;
    }
}

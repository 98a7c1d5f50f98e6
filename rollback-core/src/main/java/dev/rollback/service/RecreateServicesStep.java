package dev.rollback.service;

import dev.rollback.errors.Problem;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoRecipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Creates services' containers anew so they pick up the changed {@code .env} and files: compose
 * {@code up -d --no-deps --force-recreate}, with override files layered on top; {@code docker-compose.yml} is never
 * edited.
 *
 * <p>{@code new RecreateServicesStep(List.of("mysql"), List.of())}
 */
public final class RecreateServicesStep implements Step {
    private final List<String> services;
    private final List<Path> overrides;

    public RecreateServicesStep(List<String> services, List<Path> overrides) {
        this.services = List.copyOf(services);
        this.overrides = List.copyOf(overrides);
    }

    @Override
    public String name() {
        return "recreate";
    }

    @Override
    public String describe() {
        return "recreate " + String.join(", ", services) + " (compose up -d --no-deps --force-recreate"
                + (overrides.isEmpty() ? "" : ", with " + overrides.size() + " override file(s)") + ")";
    }

    @Override
    public List<String> touches() {
        return services.stream()
                .map(s -> "container of " + s + " (replaced; its volumes are kept)")
                .toList();
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        return Runtimes.check(ctx, services);
    }

    @Override
    public boolean canUndo() {
        return true;
    }

    @Override
    public void execute(StepContext ctx) {
        List<String> running = Runtimes.running(ctx, services);
        ctx.undoWith(UndoRecipe.of(
                "services-down",
                "stop " + String.join(", ", services) + " (recreated with the " + "rolled-back settings)",
                Map.of("services", String.join(",", services), "running", String.join(",", running))));
        List<Path> present = overrides.stream()
                .filter(o -> Files.isRegularFile(ctx.environment().projectDir().resolve(o)))
                .toList();
        if (present.size() < overrides.size()) {
            ctx.note("override file(s) not there now, left out: "
                    + overrides.stream().filter(o -> !present.contains(o)).toList());
        }
        Runtimes.require(ctx).recreate(ctx.environment(), services, present);
        ctx.note("recreated " + String.join(", ", services));
    }
}

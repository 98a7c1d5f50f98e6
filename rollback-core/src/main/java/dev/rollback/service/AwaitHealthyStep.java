package dev.rollback.service;

import dev.rollback.errors.Problem;
import dev.rollback.io.Durations;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.HealthOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Waits for services to be healthy, in parallel, on the engine's events instead of the runbook's {@code sleep 60}:
 * ends as soon as they are, and at once when one turns unhealthy, exits or restart-loops.
 *
 * <p>{@code new AwaitHealthyStep(Map.of("mysql", Duration.ofSeconds(90)))}
 */
public final class AwaitHealthyStep implements Step {
    private final Map<String, Duration> timeouts;

    public AwaitHealthyStep(Map<String, Duration> timeouts) {
        this.timeouts = new LinkedHashMap<>(timeouts);
    }

    @Override
    public String name() {
        return "await-healthy";
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        timeouts.forEach((s, t) -> parts.add(s + " within " + Durations.format(t)));
        return "wait until healthy: " + String.join(", ", parts);
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        List<Problem> out = new ArrayList<>(Runtimes.check(ctx, List.copyOf(timeouts.keySet())));
        timeouts.forEach((s, t) -> ctx.environment().catalog().find(s).ifPresent(def -> {
            if (t.compareTo(def.expectedStartup()) < 0) {
                out.add(Problem.warning(
                        s,
                        "the health timeout " + Durations.format(t) + " is shorter than its usual "
                                + "start-up time of " + Durations.format(def.expectedStartup()),
                        "allow more time"));
            }
        }));
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        Map<String, HealthOutcome> outcomes = Runtimes.require(ctx)
                .awaitHealthy(
                        ctx.environment(),
                        timeouts,
                        e -> ctx.progress(
                                e.elapsed().toMillis(),
                                -1,
                                e.subject() + " " + e.message() + " after " + Durations.format(e.elapsed())));
        outcomes.values().forEach(o -> {
            ctx.recordTimeToHealthy(o.service(), o.timeToHealthy());
            if (o.probed()) {
                ctx.note(o.service() + ": its own healthcheck passed, run by the rollback; Docker's status follows "
                        + "at its next check");
            }
        });
    }
}

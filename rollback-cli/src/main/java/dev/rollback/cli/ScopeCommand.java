package dev.rollback.cli;

import dev.rollback.RollbackBuilder;
import dev.rollback.errors.ExitCode;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackResult;
import dev.rollback.events.StepResult;
import dev.rollback.io.Durations;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.validation.report.ValidationReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every rollback command shares: the environment directory, {@code --dry-run}, {@code --json}, and printing
 * or running the plan of the builder the command makes.
 *
 * <p>{@code final class ConfigCommand extends ScopeCommand { RollbackBuilder<?> builder() { ... } }}
 */
abstract class ScopeCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    /** The rollback the command's options describe. */
    abstract RollbackBuilder<?> builder();

    /**
     * The checks that end the rollback, from what {@code result} did; empty when the command ends with none or the
     * user said {@code --no-validate}.
     */
    Optional<PostRunChecks> postRunChecks(RollbackResult result) {
        return Optional.empty();
    }

    @Override
    public Integer call() {
        RollbackBuilder<?> builder = builder();
        PrintWriter out = spec.commandLine().getOut();
        if (options.dryRun) {
            try (RollbackPlan plan = builder.plan()) {
                return dryRun(plan, out);
            }
        }
        if (!options.json) {
            builder.withListener(new StepPrinter(out, ""));
        }
        RollbackResult result;
        try {
            result = builder.execute();
        } catch (RollbackException e) {
            if (options.json && e.result().isPresent()) {
                // the run's honest result (steps done, the one that failed, those not run) on stdout; the error line
                // and the exit code come from the error handler
                Json.print(out, e.result().get());
                out.flush();
            }
            throw e;
        }
        if (options.json) {
            Json.print(out, result);
        } else {
            long ok = result.steps().stream()
                    .filter(s -> s.status() == StepResult.Status.SUCCEEDED)
                    .count();
            long skipped = result.steps().stream()
                    .filter(s -> s.status() == StepResult.Status.SKIPPED)
                    .count();
            out.printf(
                    "Done: %d/%d steps%s in %s (run %s; journal %s)%n",
                    ok,
                    result.steps().size(),
                    skipped == 0 ? "" : " (" + skipped + " done before, skipped)",
                    Durations.format(result.duration()),
                    result.runId(),
                    result.journal());
            result.timeToHealthy().forEach((s, d) -> out.printf("  %s healthy after %s%n", s, Durations.format(d)));
        }
        out.flush();
        if (!result.succeeded()) {
            return ExitCode.FAILURE;
        }
        Optional<PostRunChecks> checks = postRunChecks(result);
        if (checks.isPresent()) {
            ValidationReport report = PostRunValidation.run(
                    root.home(), result, checks.get(), out, spec.commandLine().getErr(), options.json);
            return report.exitCode();
        }
        return ExitCode.SUCCESS;
    }

    private int dryRun(RollbackPlan plan, PrintWriter out) {
        List<Problem> problems = plan.preflight();
        if (options.json) {
            Json.print(out, dryRun(plan, problems));
        } else {
            out.print(plan.render());
            out.println("Dry run: nothing was changed.");
        }
        out.flush();
        return problems.stream().anyMatch(Problem::blocking) ? ExitCode.PREFLIGHT_REFUSED : ExitCode.SUCCESS;
    }

    private static Map<String, Object> dryRun(RollbackPlan plan, List<Problem> problems) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", plan.title());
        m.put("scope", plan.scope());
        m.put("environment", plan.environment().projectDir().toString());
        m.put(
                "steps",
                plan.steps().stream()
                        .map(s -> Map.of("name", s.name(), "description", s.describe(), "changes", s.touches()))
                        .toList());
        m.put("problems", problems);
        m.put("refused", problems.stream().anyMatch(Problem::blocking));
        return m;
    }
}

package dev.rollback.plan;

import dev.rollback.env.Environment;
import dev.rollback.errors.Problem;
import dev.rollback.events.RollbackResult;
import dev.rollback.events.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ordered list of steps for one environment; printing it is the dry run, executing it is the rollback.
 *
 * <p>{@code RollbackPlan p = Rollback.in(home).full().toCommit("9bef892").plan(); System.out.print(p.render());}
 */
public final class RollbackPlan implements AutoCloseable {
    private final Environment environment;
    private final Scope scope;
    private final String title;
    private final List<Step> steps;
    private final RunSettings settings;
    private final List<AutoCloseable> resources;
    private RunRequest request;

    public RollbackPlan(Environment environment, Scope scope, String title, List<Step> steps, RunSettings settings) {
        this(environment, scope, title, steps, settings, List.of());
    }

    /**
     * @param resources what the plan opened for its steps (an engine connection) and closes in {@link #close()}
     */
    public RollbackPlan(
            Environment environment,
            Scope scope,
            String title,
            List<Step> steps,
            RunSettings settings,
            List<AutoCloseable> resources) {
        this.environment = environment;
        this.scope = scope;
        this.title = title;
        this.steps = List.copyOf(steps);
        this.settings = settings;
        this.resources = List.copyOf(resources);
    }

    public Environment environment() {
        return environment;
    }

    public Scope scope() {
        return scope;
    }

    /** What the plan does, in one line ({@code service rollback of mysql}). */
    public String title() {
        return title;
    }

    public List<Step> steps() {
        return steps;
    }

    public RunSettings settings() {
        return settings;
    }

    /**
     * Makes the plan resumable: its run keeps {@code request} in its folder, and a checkpoint after each step, so
     * that {@code rollback resume} can build it again in a new process and go on where it stopped.
     */
    public RollbackPlan resumable(RunRequest request) {
        this.request = Objects.requireNonNull(request, "request");
        return this;
    }

    /**
     * This plan with other steps and title (a resumption's), sharing its settings, its request and the resources it
     * closes: close one of the two only.
     */
    public RollbackPlan withSteps(String title, List<Step> steps) {
        RollbackPlan p = new RollbackPlan(environment, scope, title, steps, settings, resources);
        p.request = request;
        return p;
    }

    /**
     * This plan, also closing {@code resource} when it closes (what its builder opened for it, such as its
     * connections), after its own resources.
     */
    public RollbackPlan closing(AutoCloseable resource) {
        List<AutoCloseable> all = new ArrayList<>(resources);
        all.add(Objects.requireNonNull(resource, "resource"));
        RollbackPlan p = new RollbackPlan(environment, scope, title, steps, settings, all);
        p.request = request;
        return p;
    }

    /** What {@code rollback resume} builds the plan again from, when the plan is resumable. */
    public Optional<RunRequest> request() {
        return Optional.ofNullable(request);
    }

    /** Runs every step's preflight without changing anything; blocking problems and warnings, in plan order. */
    public List<Problem> preflight() {
        StepContext ctx = new StepContext(
                environment,
                "preflight",
                environment.stateDir().resolve("runs"),
                settings.listener(),
                settings.clock(),
                settings.services());
        List<Problem> all = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            ctx.enterStep(i, steps.get(i).name());
            all.addAll(steps.get(i).preflight(ctx));
        }
        return all;
    }

    /** The dry run: the steps, what each touches, and what preflight finds. Changes nothing. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("Plan: ")
                .append(title)
                .append(" (scope ")
                .append(scope)
                .append(", ")
                .append(steps.size())
                .append(steps.size() == 1 ? " step" : " steps")
                .append(")\n");
        b.append("Environment: ")
                .append(environment.projectName())
                .append(" at ")
                .append(environment.projectDir())
                .append('\n');
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            b.append(String.format("%3d. %-16s %s%n", i + 1, s.name(), s.describe()));
            for (String t : s.touches()) {
                b.append("       changes: ").append(t).append('\n');
            }
        }
        List<Problem> problems = preflight();
        if (problems.isEmpty()) {
            b.append("Preflight: ok, nothing blocks this plan\n");
        } else {
            b.append("Preflight:\n");
            problems.forEach(p -> b.append("  ")
                    .append(p.blocking() ? "BLOCKS " : "warns  ")
                    .append(p)
                    .append('\n'));
        }
        return b.toString();
    }

    /** Preflights, then runs every step, journaling each; throws {@link dev.rollback.errors.RollbackException}. */
    public RollbackResult execute() {
        return new PlanRunner(this).run();
    }

    /** Closes what the plan opened for its steps (an engine connection); the plan is not run after this. */
    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // closing a connection that already failed must not hide the run's own outcome
            }
        }
    }
}

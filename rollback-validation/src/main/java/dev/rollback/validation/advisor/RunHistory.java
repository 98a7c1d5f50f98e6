package dev.rollback.validation.advisor;

import dev.rollback.env.Environment;
import dev.rollback.events.Scope;
import dev.rollback.plan.RunRecord;
import dev.rollback.plan.Runs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The environment's past rollbacks by scope, read from its journal ({@code .rollback/runs/}), and the time a
 * rollback of a scope should take: the median of the successful runs of that scope, else the runbook's estimate.
 *
 * <p>{@code RunHistory.of(env).expected(Scope.SERVICE) // 1m35s from 4 past service rollbacks}
 */
public record RunHistory(List<PastRun> runs) {
    public RunHistory {
        runs = List.copyOf(runs);
    }

    /** No history: every expectation is the runbook's estimate. */
    public static RunHistory none() {
        return new RunHistory(List.of());
    }

    /** The environment's runs, as {@link Runs} lists them; runs of no plain scope (undo, resume, security) left out. */
    public static RunHistory of(Environment env) {
        return of(Runs.in(env).list());
    }

    /** These run records; runs of no plain scope left out. */
    public static RunHistory of(List<RunRecord> records) {
        List<PastRun> out = new ArrayList<>();
        for (RunRecord r : records) {
            scopeOf(r.title()).ifPresent(s -> out.add(new PastRun(s, r.duration(), r.succeeded())));
        }
        return new RunHistory(out);
    }

    /**
     * The scope a run's title names, as core's plans title them: {@code full rollback to ...}, {@code rollback of
     * phase-2 (...)}, {@code service rollback of mysql}, {@code configuration rollback}.
     */
    static Optional<Scope> scopeOf(String title) {
        if (title.startsWith("full rollback")) {
            return Optional.of(Scope.FULL);
        }
        if (title.startsWith("rollback of ")) {
            return Optional.of(Scope.PHASE);
        }
        if (title.startsWith("service rollback")) {
            return Optional.of(Scope.SERVICE);
        }
        if (title.startsWith("configuration rollback")) {
            return Optional.of(Scope.CONFIG);
        }
        return Optional.empty();
    }

    /** The median duration of the successful runs of {@code scope}, else the runbook's estimate for it. */
    public ExpectedDuration expected(Scope scope) {
        List<Duration> took = runs.stream()
                .filter(r -> r.scope() == scope && r.succeeded())
                .map(PastRun::duration)
                .sorted()
                .toList();
        if (took.isEmpty()) {
            return new ExpectedDuration(scope.runbookEstimate(), ExpectedDuration.Basis.RUNBOOK, 0);
        }
        int n = took.size();
        Duration median = n % 2 == 1
                ? took.get(n / 2)
                : took.get(n / 2 - 1).plus(took.get(n / 2)).dividedBy(2);
        return new ExpectedDuration(median, ExpectedDuration.Basis.HISTORY, n);
    }
}

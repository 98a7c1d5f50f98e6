package dev.rollback.plan;

import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steps that touch different things (one volume each, one database service each) run side by side, a few at a
 * time: one step of the plan, whose preflight is all of theirs. When one fails the others still finish (none is
 * left half done by an interruption), then the failure is reported with every part that failed; what each part
 * replaced stays in the run's safety folder. Undone in reverse order, one after another.
 *
 * <p>{@code new ParallelSteps("volume-restore", "restore 10 volumes", volumeSteps, 3)}
 */
public final class ParallelSteps implements Step {
    private final String name;
    private final String what;
    private final List<Step> parts;
    private final int threads;

    /**
     * @param name the step's name in plans and journals
     * @param what one line for the dry run
     * @param parts independent steps
     * @param threads how many run at once
     */
    public ParallelSteps(String name, String what, List<Step> parts, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.name = name;
        this.what = what;
        this.parts = List.copyOf(parts);
        this.threads = threads;
    }

    public List<Step> parts() {
        return parts;
    }

    /** Its name; a single part's own name when it holds one. */
    @Override
    public String name() {
        return parts.size() == 1 ? parts.get(0).name() : name;
    }

    @Override
    public String describe() {
        if (parts.size() == 1) {
            return parts.get(0).describe();
        }
        List<String> each = parts.stream().map(Step::describe).toList();
        return what + (parts.size() > 1 ? ", " + Math.min(threads, parts.size()) + " at a time" : "") + ": "
                + String.join("; ", each);
    }

    @Override
    public List<String> touches() {
        return parts.stream().flatMap(p -> p.touches().stream()).toList();
    }

    @Override
    public boolean changesEnvironment() {
        return parts.stream().anyMatch(Step::changesEnvironment);
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        List<Problem> out = new ArrayList<>();
        parts.forEach(p -> out.addAll(p.preflight(ctx)));
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        if (parts.size() == 1) {
            parts.get(0).execute(ctx);
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "rollback-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, parts.size()), daemons);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (Step p : parts) {
                running.add(pool.submit(() -> p.execute(ctx)));
            }
            List<String> failed = new ArrayList<>();
            RuntimeException first = null;
            for (int i = 0; i < parts.size(); i++) {
                try {
                    running.get(i).get();
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r
                            ? r
                            : new RollbackException(parts.get(i).describe() + ": " + e.getCause(), e.getCause());
                    failed.add(cause.getMessage());
                    first = first == null ? cause : first;
                }
            }
            if (first != null) {
                if (failed.size() == 1) {
                    throw first;
                }
                throw new RollbackException(
                        failed.size() + " of " + parts.size() + " parts of " + name + " failed: "
                                + String.join("; ", failed),
                        first);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(f -> f.cancel(false));
            throw new RollbackException(name + " was interrupted; parts not yet started were not run", e);
        } finally {
            pool.shutdown();
        }
    }

    @Override
    public boolean canUndo() {
        return parts.stream().allMatch(Step::canUndo);
    }
}

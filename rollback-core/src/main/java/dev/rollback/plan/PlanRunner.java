package dev.rollback.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rollback.env.LocalExcludes;
import dev.rollback.errors.PreflightException;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackListener;
import dev.rollback.events.RollbackResult;
import dev.rollback.events.StepResult;
import dev.rollback.io.Durations;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a plan under the environment lock: preflight everything, then each step in order, journaling and
 * emitting events. A failed preflight changes nothing.
 *
 * <p>{@code RollbackResult r = new PlanRunner(plan).run();}
 */
final class PlanRunner {
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneId.systemDefault());
    private final RollbackPlan plan;

    PlanRunner(RollbackPlan plan) {
        this.plan = plan;
    }

    RollbackResult run() {
        RunSettings settings = plan.settings();
        Instant started = settings.clock().instant();
        String runId = RUN_ID.format(started) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        Path runDir = plan.environment().stateDir().resolve("runs").resolve(runId);
        try (EnvironmentLock lock = EnvironmentLock.acquire(plan.environment().stateDir(), plan.title());
                Journal journal = Journal.open(runDir);
                UndoLog undo = UndoLog.of(runDir)) {
            RollbackListener listener = settings.listener().andThen(journal::record);
            StepContext ctx =
                    new StepContext(plan.environment(), runId, runDir, listener, settings.clock(), settings.services());
            ctx.recordUndoIn(undo);
            ctx.emit(
                    RollbackEvent.Type.RUN_STARTED,
                    plan.title(),
                    0,
                    plan.steps().size());
            plan.request().ifPresent(r -> r.write(runDir));
            List<StepResult> results = new ArrayList<>();
            try {
                preflight(ctx);
                // before the first change: the run's own files (lock, journal, safety copies) and the backups are
                // never part of a stash, a reset or a checkout (a failed preflight leaves .git/info/exclude alone)
                LocalExcludes.ensure(plan.environment());
                checkpoint(ctx, -1, "");
                for (int i = 0; i < plan.steps().size(); i++) {
                    results.add(runStep(ctx, i, runDir));
                }
            } catch (RollbackException e) {
                throw e.withResult(ended(runId, started, results, journal, runDir, e));
            }
            RollbackResult result = new RollbackResult(
                    runId,
                    plan.scope(),
                    started,
                    Duration.between(started, settings.clock().instant()),
                    results,
                    ctx.timeToHealthy(),
                    journal.file());
            ctx.enterStep(-1, "");
            ctx.emit(
                    RollbackEvent.Type.RUN_FINISHED,
                    plan.title() + " done in " + Durations.format(result.duration()),
                    0,
                    -1);
            writeResult(runDir, result);
            return result;
        }
    }

    /**
     * The result of a run that ended early, kept as its {@code result.json} like a finished run's (history and undo
     * read it): the steps done, the one that failed (its notes, then its error), the rest {@code NOT_RUN}; after a
     * refused preflight every step is {@code NOT_RUN}.
     */
    private RollbackResult ended(
            String runId, Instant started, List<StepResult> done, Journal journal, Path runDir, RollbackException e) {
        List<StepResult> steps = new ArrayList<>(done);
        for (int i = steps.size(); i < plan.steps().size(); i++) {
            Step step = plan.steps().get(i);
            if (failed != null && i == done.size()) {
                List<String> details = new ArrayList<>(failed.notes());
                details.add("error: " + e.getMessage());
                steps.add(
                        new StepResult(step.name(), step.describe(), StepResult.Status.FAILED, failed.took(), details));
            } else {
                steps.add(new StepResult(
                        step.name(), step.describe(), StepResult.Status.NOT_RUN, Duration.ZERO, List.of()));
            }
        }
        RollbackResult result = new RollbackResult(
                runId,
                plan.scope(),
                started,
                Duration.between(started, plan.settings().clock().instant()),
                steps,
                Map.of(),
                journal.file());
        try {
            writeResult(runDir, result);
        } catch (RollbackException ignored) {
            // the journal still tells; the failure itself is what the caller must see
        }
        return result;
    }

    /** The notes and duration of the step that failed, kept for its result. */
    private record Failed(List<String> notes, Duration took) {}

    private Failed failed;

    private void preflight(StepContext ctx) {
        List<Problem> blocking = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            Step step = plan.steps().get(i);
            ctx.enterStep(i, step.name());
            for (Problem p : step.preflight(ctx)) {
                ctx.emit(RollbackEvent.Type.PREFLIGHT_PROBLEM, (p.blocking() ? "blocks: " : "warns: ") + p, 0, -1);
                if (p.blocking()) {
                    blocking.add(p);
                }
            }
        }
        if (!blocking.isEmpty()) {
            ctx.enterStep(-1, "");
            ctx.emit(RollbackEvent.Type.RUN_FAILED, "preflight refused: " + blocking.size() + " problem(s)", 0, -1);
            throw new PreflightException(blocking);
        }
    }

    private StepResult runStep(StepContext ctx, int index, Path runDir) {
        Step step = plan.steps().get(index);
        ctx.enterStep(index, step.name());
        if (step instanceof DoneStep done) {
            ctx.emit(RollbackEvent.Type.STEP_SKIPPED, step.describe(), 0, -1);
            return new StepResult(
                    step.name(),
                    step.describe(),
                    StepResult.Status.SKIPPED,
                    Duration.ZERO,
                    List.of("done by run " + done.doneBy()));
        }
        FaultPoints.beforeStep(runDir, plan.steps(), index);
        ctx.emit(RollbackEvent.Type.STEP_STARTED, step.describe(), 0, -1);
        if (!step.canUndo() && !step.touches().isEmpty()) {
            ctx.cannotUndo(step.describe());
        }
        try {
            step.execute(ctx);
        } catch (RuntimeException e) {
            ctx.emit(RollbackEvent.Type.STEP_FAILED, String.valueOf(e.getMessage()), 0, -1);
            failed = new Failed(ctx.takeNotes(), ctx.elapsed());
            ctx.enterStep(-1, "");
            ctx.emit(
                    RollbackEvent.Type.RUN_FAILED,
                    "step " + (index + 1) + " (" + step.name() + ") failed; " + "journal: "
                            + runDir.resolve(Journal.FILE) + safetyCopies(runDir, ctx),
                    0,
                    -1);
            if (e instanceof RollbackException re) {
                throw re;
            }
            throw new RollbackException("step " + (index + 1) + " (" + step.name() + ") failed: " + e, e);
        }
        if (step.changesEnvironment()) {
            ctx.reloadEnvironment();
        }
        Duration took = ctx.elapsed();
        List<String> notes = ctx.takeNotes();
        ctx.emit(RollbackEvent.Type.STEP_FINISHED, step.describe(), 0, -1);
        checkpoint(ctx, index, step.name());
        return new StepResult(step.name(), step.describe(), StepResult.Status.SUCCEEDED, took, notes);
    }

    /** Where a resumable run stands now, kept for {@code rollback resume} (nothing for other plans). */
    private void checkpoint(StepContext ctx, int index, String name) {
        if (plan.request().isPresent()) {
            Checkpoint.of(ctx.environment(), index, name).write(ctx.runDir());
        }
    }

    /**
     * What the run replaced and kept, for a failure's message: the files of its safety folder, and the
     * {@code .env.rollback-*} copies it made; nothing the run replaced is lost, and this says where it is.
     */
    static String safetyCopies(Path runDir, StepContext ctx) {
        List<String> kept = new ArrayList<>();
        Path safety = runDir.resolve("safety");
        if (Files.isDirectory(safety)) {
            try (var entries = Files.list(safety)) {
                entries.sorted().forEach(p -> kept.add(p.toString()));
            } catch (IOException e) {
                kept.add(safety + " (" + e.getMessage() + ")");
            }
        }
        ctx.keptCopies().forEach(p -> kept.add(p.toString()));
        return kept.isEmpty()
                ? "; nothing was replaced yet"
                : "; what it replaced is kept in: " + String.join(", ", kept);
    }

    private static void writeResult(Path runDir, RollbackResult result) {
        ObjectMapper json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
        Path file = runDir.resolve("result.json");
        try {
            json.writeValue(file.toFile(), result);
            SecureFiles.makePrivate(file);
        } catch (IOException e) {
            throw new RollbackException("the run succeeded but its result could not be written to " + file, e);
        }
    }
}

package dev.rollback;

import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import dev.rollback.plan.RunRecord;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoLog;
import dev.rollback.steps.FilesRestoreStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first step of an undo: says, before anything changes, whether the run can be undone (it is not running, was
 * not undone already, changed something) and what it changed that cannot be reversed; once the undo has done the
 * rest, a later step of the same plan ({@link #markStep}) marks the run undone, so it is not undone twice.
 *
 * <p>{@code new UndoCheckStep(run, entries, unknownKinds)}
 */
final class UndoCheckStep implements Step {
    private final RunRecord run;
    private final List<UndoLog.Entry> entries;
    private final List<String> unknown;

    UndoCheckStep(RunRecord run, List<UndoLog.Entry> entries, List<String> unknown) {
        this.run = run;
        this.entries = List.copyOf(entries);
        this.unknown = List.copyOf(unknown);
    }

    @Override
    public String name() {
        return "undo-check";
    }

    @Override
    public String describe() {
        return "check that run " + run.id() + " (" + run.outcome() + ") can be undone from its folder";
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        List<Problem> out = new ArrayList<>();
        run.undoneBy()
                .ifPresent(by -> out.add(Problem.blocking(
                        "run " + run.id(),
                        "it was undone already, by" + " run " + by,
                        "to bring its changes back, undo that run: rollback undo " + by)));
        run.resumedBy()
                .ifPresent(by -> out.add(Problem.blocking(
                        "run " + run.id(),
                        "it was resumed by run " + by + ", which holds the rest of its changes",
                        "undo that run, which undoes both: rollback undo " + by)));
        if ("running".equals(run.outcome())) {
            out.add(Problem.blocking("run " + run.id(), "it is still running", "wait for it to end, then undo it"));
        }
        if (entries.stream().noneMatch(e -> e.recipe().isPresent())) {
            out.add(Problem.blocking(
                    "run " + run.id(),
                    "it recorded nothing to undo (it changed nothing, or ran " + "before runs kept an undo log)",
                    "nothing to do; rollback show " + run.id() + " lists its steps"));
        }
        for (UndoLog.Entry e : entries) {
            if (e.recipe().isEmpty()) {
                out.add(Problem.warning(
                        e.name(),
                        "step " + (e.step() + 1) + " of run " + run.id() + " cannot be " + "undone: " + e.cannot(),
                        "it stays as the run left it; check it after the undo"));
            }
        }
        unknown.forEach(k -> out.add(Problem.blocking(
                "run " + run.id(),
                "its undo log asks for '" + k + "', which no" + " module on the class path knows",
                "run the undo with the same modules as the run (the CLI jar " + "has them all)")));
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        ctx.note("undoing run " + run.id() + " '" + run.title() + "' (" + run.outcome() + "), "
                + entries.stream().filter(e -> e.recipe().isPresent()).count() + " change(s), newest first");
    }

    /** The last step of an undo: marks the run undone by this one (the undo of the undo removes the mark). */
    static Step markStep(RunRecord run) {
        return new Step() {
            @Override
            public String name() {
                return "undo-mark";
            }

            @Override
            public String describe() {
                return "mark run " + run.id() + " as undone";
            }

            @Override
            public boolean canUndo() {
                return true;
            }

            @Override
            public void execute(StepContext ctx) {
                Path mark = run.dir().resolve(RunRecord.UNDONE_BY);
                ctx.undoWith(FilesRestoreStep.recipe(
                        "run " + run.id() + " no longer marked undone",
                        List.of(new FilesRestoreStep.FileCopy(mark, Optional.empty()))));
                try {
                    SecureFiles.writePrivate(mark, ctx.runId() + "\n");
                } catch (IOException e) {
                    throw new RollbackException(
                            "the undo is done but run " + run.id() + " could not be marked " + "undone (" + mark + ": "
                                    + e.getMessage() + ")",
                            e);
                }
                ctx.note("run " + run.id() + " marked undone by " + ctx.runId());
            }
        };
    }
}

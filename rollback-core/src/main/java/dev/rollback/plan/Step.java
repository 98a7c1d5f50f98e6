package dev.rollback.plan;

import dev.rollback.errors.Problem;
import java.util.List;

/**
 * One action of a rollback plan.
 *
 * <p>{@code new GitResetStep("9bef892").preflight(ctx)}: problems found without changing anything;
 * {@code execute(ctx)} does the work, recording how to reverse it where {@link #canUndo()} says so.
 */
public interface Step {

    /** A short stable id, used in the journal and events ({@code git-reset}, {@code env-restore}). */
    String name();

    /** One line saying what the step does, for the dry run. */
    String describe();

    /** What the step changes (files, containers, volumes), for the dry run. */
    default List<String> touches() {
        return List.of();
    }

    /**
     * Whether the step changes what the environment is read from ({@code .env}, the compose files, the key
     * directory): later steps then see it read again.
     */
    default boolean changesEnvironment() {
        return false;
    }

    /** Problems found without changing anything. */
    default List<Problem> preflight(StepContext ctx) {
        return List.of();
    }

    /** Does the work; throws a {@link dev.rollback.errors.RollbackException} naming what failed. */
    void execute(StepContext ctx);

    /**
     * Whether the step records, with {@link StepContext#undoWith(UndoRecipe)}, how to reverse each change it makes,
     * so that {@code rollback undo} can reverse it from the run's folder alone. A step that changes something
     * ({@link #touches()}) and cannot is named by the undo plan before anything changes.
     */
    default boolean canUndo() {
        return false;
    }
}

package dev.rollback.plan;

import java.util.List;

/**
 * One action of a rollback plan.
 *
 * <p>{@code new GitResetStep("9bef892").preflight(ctx)}: problems found without changing anything;
 * {@code execute(ctx)} does the work; {@code undo(ctx)} reverses it where {@link #canUndo()} says so.
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

    /** Does the work; throws a {@link dev.rollback.RollbackException} naming what failed. */
    void execute(StepContext ctx);

    /** Whether {@link #undo(StepContext)} can reverse a completed {@link #execute(StepContext)}. */
    default boolean canUndo() {
        return false;
    }

    /** Reverses a completed execute, from the safety copies it made. */
    default void undo(StepContext ctx) {
        throw new UnsupportedOperationException(name() + " cannot be undone");
    }
}

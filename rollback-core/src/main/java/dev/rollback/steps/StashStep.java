package dev.rollback.steps;

import dev.rollback.env.LocalExcludes;
import dev.rollback.errors.Problem;
import dev.rollback.git.GitRepository;
import dev.rollback.git.StashRef;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoRecipe;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stashes uncommitted changes and untracked files under a named stash, so a reset loses nothing.
 *
 * <p>{@code new StashStep()} stashes as {@code rollback-stash-20251114_085001}; a clean tree is left alone.
 */
public final class StashStep implements Step {
    /** Attribute under which the step leaves the {@link StashRef} it made, for later steps and undo. */
    public static final String STASH = "git.stash";

    @Override
    public String name() {
        return "git-stash";
    }

    @Override
    public String describe() {
        return "stash uncommitted changes and untracked files as rollback-stash-<time> (nothing is discarded)";
    }

    @Override
    public List<String> touches() {
        return List.of("work tree: uncommitted changes move into a named stash");
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        return GitSteps.checkRevision(ctx, "HEAD");
    }

    @Override
    public void execute(StepContext ctx) {
        LocalExcludes.ensure(ctx.environment()); // the lock, journal and backups stay where they are
        try (GitRepository repo = GitSteps.open(ctx)) {
            Optional<StashRef> ref =
                    repo.stash(GitRepository.stashMessage(ctx.clock().instant()));
            if (ref.isPresent()) {
                ctx.attributes().put(STASH, ref.get());
                ctx.undoWith(UndoRecipe.of(
                        "git-stash-apply",
                        "apply the stash '" + ref.get().message() + "'",
                        Map.of("id", ref.get().id(), "message", ref.get().message())));
                ctx.note("stashed uncommitted changes as '" + ref.get().message() + "' ("
                        + ref.get().id().substring(0, 7) + "); bring them back with: git stash apply stash@{0}");
            } else {
                ctx.note("work tree clean, nothing to stash");
            }
        }
    }

    @Override
    public boolean canUndo() {
        return true;
    }
}

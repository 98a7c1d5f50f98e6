package dev.rollback.steps;

import dev.rollback.errors.Problem;
import dev.rollback.git.GitRepository;
import dev.rollback.git.StashRef;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import java.util.List;

/**
 * Applies a stash entry a rollback made back onto the work tree, untracked files included; the entry stays in
 * {@code git stash list}. The last step of an undo that reverses a {@link StashStep}. An undo plan stashes the work
 * tree first, so what this step changes is reversed by that earlier stash when the undo is itself undone.
 *
 * <p>{@code new StashApplyStep("3f2a...", "rollback-stash-20261207_052323")}
 */
public final class StashApplyStep implements Step {
    private final String id;
    private final String message;

    public StashApplyStep(String id, String message) {
        this.id = id;
        this.message = message;
    }

    @Override
    public String name() {
        return "git-stash-apply";
    }

    @Override
    public String describe() {
        return "apply the stash '" + message + "' (" + id.substring(0, Math.min(7, id.length())) + ") to the work tree";
    }

    @Override
    public List<String> touches() {
        return List.of("work tree: the stashed changes and untracked files come back (the stash entry stays)");
    }

    @Override
    public boolean canUndo() {
        return true; // an undo plan's own stash, taken before it, holds what this replaces
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        try (GitRepository repo = GitSteps.open(ctx)) {
            if (repo.stashes().stream().noneMatch(s -> s.id().equals(id))) {
                return List.of(Problem.blocking(
                        "git",
                        "the stash '" + message + "' (" + id + ") is no longer in " + "git stash list",
                        "if it was dropped, recover it with git fsck --unreachable | grep commit"));
            }
        } catch (RuntimeException e) {
            return List.of(Problem.blocking("git", e.getMessage(), "check the project is a git repository"));
        }
        return List.of();
    }

    @Override
    public void execute(StepContext ctx) {
        try (GitRepository repo = GitSteps.open(ctx)) {
            repo.applyStash(new StashRef(-1, id, message));
            ctx.note("applied the stash '" + message + "'; it stays in git stash list");
        }
    }
}

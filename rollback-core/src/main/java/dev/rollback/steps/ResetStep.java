package dev.rollback.steps;

import dev.rollback.errors.Problem;
import dev.rollback.git.CommitInfo;
import dev.rollback.git.GitRepository;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoRecipe;
import java.util.List;
import java.util.Map;

/**
 * {@code git reset --hard <commit>}, after recording where HEAD was so it can be undone.
 *
 * <p>{@code new ResetStep("9bef892")}
 */
public final class ResetStep implements Step {
    /** Attribute holding the commit id HEAD had before the reset. */
    public static final String PREVIOUS_HEAD = "git.previousHead";

    private final String commit;

    public ResetStep(String commit) {
        this.commit = commit;
    }

    @Override
    public boolean changesEnvironment() {
        return true;
    }

    @Override
    public String name() {
        return "git-reset";
    }

    @Override
    public String describe() {
        return "reset the work tree hard to " + commit;
    }

    @Override
    public List<String> touches() {
        return List.of("HEAD, index and tracked files -> " + commit);
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        return GitSteps.checkRevision(ctx, commit);
    }

    @Override
    public void execute(StepContext ctx) {
        try (GitRepository repo = GitSteps.open(ctx)) {
            CommitInfo before = repo.head();
            ctx.attributes().put(PREVIOUS_HEAD, before.id());
            CommitInfo target = repo.require(commit);
            if (!before.id().equals(target.id())) {
                ctx.undoWith(UndoRecipe.of(
                        "git-reset",
                        "HEAD back to " + before.shortId() + " " + before.subject(),
                        Map.of("commit", before.id())));
            }
            repo.hardReset(target.id());
            ctx.note("HEAD " + before.shortId() + " -> " + target.shortId() + " " + target.subject()
                    + " (undo: git reset --hard " + before.shortId() + ")");
        }
    }

    @Override
    public boolean canUndo() {
        return true;
    }
}

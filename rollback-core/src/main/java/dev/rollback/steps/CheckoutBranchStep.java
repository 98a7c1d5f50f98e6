package dev.rollback.steps;

import dev.rollback.errors.Problem;
import dev.rollback.git.GitRepository;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoRecipe;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks out a local branch, as the runbook's {@code git checkout main}.
 *
 * <p>{@code new CheckoutBranchStep("main")}
 */
public final class CheckoutBranchStep implements Step {
    private final String branch;

    public CheckoutBranchStep(String branch) {
        this.branch = branch;
    }

    @Override
    public boolean changesEnvironment() {
        return true;
    }

    @Override
    public String name() {
        return "git-checkout";
    }

    @Override
    public String describe() {
        return "check out branch " + branch;
    }

    @Override
    public List<String> touches() {
        return List.of("HEAD -> " + branch);
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        return GitSteps.checkRevision(ctx, "refs/heads/" + branch).stream()
                .map(p -> Problem.blocking(
                        "git",
                        "branch '" + branch + "' does not exist in "
                                + ctx.environment().projectDir(),
                        "create it or set 'branch:' in rollback.yaml"))
                .toList();
    }

    @Override
    public boolean canUndo() {
        return true;
    }

    @Override
    public void execute(StepContext ctx) {
        try (GitRepository repo = GitSteps.open(ctx)) {
            if (repo.currentBranch().filter(branch::equals).isPresent()) {
                ctx.note("already on " + branch);
                return;
            }
            Optional<String> previous = repo.currentBranch();
            previous.ifPresent(
                    b -> ctx.undoWith(UndoRecipe.of("git-checkout", "check out " + b + " again", Map.of("branch", b))));
            repo.checkoutBranch(branch);
            ctx.note("checked out " + branch);
        }
    }
}

package dev.rollback.steps;

import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.git.CommitInfo;
import dev.rollback.git.GitRepository;
import dev.rollback.plan.StepContext;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * What the git steps share: opening the environment's repository and turning its failures into problems.
 *
 * <p>{@code try (GitRepository repo = GitSteps.open(ctx)) { ... }}
 */
final class GitSteps {
    private GitSteps() {}

    static GitRepository open(StepContext ctx) {
        return GitRepository.open(ctx.environment().projectDir());
    }

    /** Problems with the repository itself, or with a revision it must contain. */
    static List<Problem> checkRevision(StepContext ctx, String revision) {
        if (!Files.exists(ctx.environment().projectDir().resolve(".git"))) {
            return List.of(Problem.blocking(
                    "git",
                    ctx.environment().projectDir() + " is not a git repository",
                    "run the rollback from the project's directory"));
        }
        try (GitRepository repo = open(ctx)) {
            Optional<CommitInfo> c = repo.resolve(revision);
            if (c.isEmpty()) {
                return List.of(Problem.blocking(
                        "git",
                        "commit '" + revision + "' not found in "
                                + ctx.environment().projectDir(),
                        "fetch it (git fetch --all) or name an existing commit"));
            }
            return List.of();
        } catch (RollbackException e) {
            return List.of(Problem.blocking("git", e.getMessage(), "check the repository"));
        }
    }
}

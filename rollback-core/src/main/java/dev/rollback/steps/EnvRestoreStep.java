package dev.rollback.steps;

import dev.rollback.env.EnvFile;
import dev.rollback.errors.EnvironmentException;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Replaces {@code .env} with a saved copy, keeping the current one as {@code .env.rollback-<time>}, then checks
 * the result is identical to the copy (the runbook's {@code diff .env env_backup}).
 *
 * <p>{@code new EnvRestoreStep(backup.resolve("env_backup"))}
 */
public final class EnvRestoreStep implements Step {
    private final Path source;

    public EnvRestoreStep(Path source) {
        this.source = source;
    }

    @Override
    public boolean changesEnvironment() {
        return true;
    }

    @Override
    public String name() {
        return "env-restore";
    }

    @Override
    public String describe() {
        return "restore .env from " + source;
    }

    @Override
    public List<String> touches() {
        return List.of(".env (the current file is kept as .env.rollback-<time>)");
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        if (Files.isDirectory(source)) {
            return List.of(Problem.blocking(
                    ".env",
                    "the saved copy " + source + " is a directory",
                    "name the saved .env file in it (a backup set's env_backup, say)"));
        }
        if (Files.exists(source) && !Files.isRegularFile(source)) {
            return List.of(Problem.blocking(
                    ".env", "the saved copy " + source + " is not a regular file", "name a saved .env file"));
        }
        if (!Files.isRegularFile(source)) {
            return List.of(Problem.blocking(
                    ".env", "the saved copy " + source + " does not exist", "name an existing backup"));
        }
        try {
            EnvFile.load(source);
            return List.of();
        } catch (EnvironmentException e) {
            return List.of(
                    Problem.blocking(".env", "the saved copy is malformed: " + e.getMessage(), "pick another backup"));
        }
    }

    @Override
    public void execute(StepContext ctx) {
        Path target = ctx.environment().envFile();
        EnvFile saved = EnvFile.load(source);
        EnvFile restored = EnvFile.parse(saved.render(), target);
        if (Files.exists(target)) {
            EnvFile current = EnvFile.load(target);
            if (current.render().equals(saved.render())) {
                ctx.note(".env already matches " + source.getFileName());
                return;
            }
            current.diff(saved).forEach(c -> ctx.note(".env " + c));
        }
        FilesRestoreStep.keepBeforeChange(ctx, "env-before", ".env back as it was", List.of(target));
        Optional<Path> copy = restored.save();
        Path kept = copy.orElse(null);
        copy.ifPresent(k -> {
            ctx.note("previous .env kept as " + k.getFileName());
            ctx.kept(k);
        });
        try {
            if (Files.mismatch(source, target) != -1) {
                throw new RollbackException(".env differs from " + source + " after the restore; the previous "
                        + ".env is kept as " + kept);
            }
        } catch (IOException e) {
            throw new RollbackException("cannot compare .env with " + source + ": " + e.getMessage(), e);
        }
        ctx.note(".env identical to " + source.getFileName());
    }

    @Override
    public boolean canUndo() {
        return true;
    }
}

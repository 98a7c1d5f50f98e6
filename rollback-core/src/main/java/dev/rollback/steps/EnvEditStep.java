package dev.rollback.steps;

import dev.rollback.env.EnvChange;
import dev.rollback.env.EnvFile;
import dev.rollback.errors.EnvironmentException;
import dev.rollback.errors.Problem;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets and removes {@code .env} values in place, keeping everything else byte for byte and the old file as
 * {@code .env.rollback-<time>}.
 *
 * <p>{@code new EnvEditStep(Map.of("MYSQL_ENABLE_TLS", "false"), List.of())}
 */
public final class EnvEditStep implements Step {
    private final Map<String, String> set;
    private final List<String> unset;

    public EnvEditStep(Map<String, String> set, List<String> unset) {
        this.set = new LinkedHashMap<>(set);
        this.unset = List.copyOf(unset);
    }

    @Override
    public boolean changesEnvironment() {
        return true;
    }

    @Override
    public String name() {
        return "env-edit";
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        set.forEach((k, v) -> parts.add(k + "=" + (EnvChange.isSecretKey(k) ? "****" : v)));
        unset.forEach(k -> parts.add("unset " + k));
        return "edit .env: " + String.join(", ", parts);
    }

    @Override
    public List<String> touches() {
        return List.of(".env (the old file is kept as .env.rollback-<time>)");
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        Path file = ctx.environment().envFile();
        if (!Files.exists(file)) {
            return set.isEmpty()
                    ? List.of()
                    : List.of(Problem.warning(
                            ".env", file + " does not exist", "it will be created with the values set"));
        }
        try {
            EnvFile.load(file);
            return List.of();
        } catch (EnvironmentException e) {
            return List.of(Problem.blocking(".env", e.getMessage(), "fix that line first"));
        }
    }

    @Override
    public void execute(StepContext ctx) {
        Path file = ctx.environment().envFile();
        EnvFile env = Files.exists(file) ? EnvFile.load(file) : EnvFile.parse("", file);
        EnvFile before = EnvFile.parse(env.render(), file);
        set.forEach(env::set);
        unset.forEach(env::unset);
        List<EnvChange> changes = before.diff(env);
        if (changes.isEmpty()) {
            ctx.note(".env already has these values; left untouched");
            return;
        }
        FilesRestoreStep.keepBeforeChange(ctx, "env-before", ".env back as it was", List.of(file));
        Optional<Path> kept = env.save();
        changes.forEach(c -> ctx.note(".env " + c));
        kept.ifPresent(k -> {
            ctx.note("previous .env kept as " + k.getFileName());
            ctx.kept(k);
        });
    }

    @Override
    public boolean canUndo() {
        return true;
    }
}

package dev.rollback.vault;

import dev.rollback.errors.Problem;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a Vault key directory (a saved copy before a restore, or the live one) without changing it: keys.json
 * parses and holds enough keys, root-token matches; its preflight blocks a plan that would use a broken copy.
 *
 * <p>{@code new KeyCheckStep(backup.resolve("vault-keys"))}
 */
public final class KeyCheckStep implements Step {
    private final Path dir;

    public KeyCheckStep(Path dir) {
        this.dir = dir;
    }

    @Override
    public String name() {
        return "vault-keys-check";
    }

    @Override
    public String describe() {
        return "check the Vault keys in " + dir + " (keys.json parses, enough keys, root-token matches)";
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        return KeyDirectory.of(dir).verify().stream().filter(Problem::blocking).toList();
    }

    @Override
    public void execute(StepContext ctx) {
        ctx.note("Vault keys in " + dir + " verified");
    }
}

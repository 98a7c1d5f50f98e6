package dev.rollback.vault;

import dev.rollback.RollbackException;
import dev.rollback.plan.Problem;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import java.util.List;

/**
 * The seed's known issue "Vault sealed after rollback": unseals Vault with the key directory's keys.json when it is
 * sealed, and does nothing when it is not. When unsealing fails it says so and names the remedy: the Vault volume
 * restore from the backup set.
 *
 * <p>{@code new UnsealStep(VaultSettings.from(env), "devstack-core_vault_data")}
 */
public final class UnsealStep implements Step {
    private final VaultSettings settings;
    private final String volume;

    /**
     * @param settings where Vault and the key directory are
     * @param volume the Vault data volume named in the advice when unsealing fails
     */
    public UnsealStep(VaultSettings settings, String volume) {
        this.settings = settings;
        this.volume = volume;
    }

    @Override
    public String name() {
        return "vault-unseal";
    }

    @Override
    public String describe() {
        return "unseal Vault at " + settings.address() + " with " + settings.keyDir().resolve(KeyFile.NAME)
                + " if it is sealed";
    }

    @Override
    public List<String> touches() {
        return List.of("Vault's seal state (keys are read from the key directory, never printed)");
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        return KeyDirectory.of(settings.keyDir()).verify().stream()
                .filter(p -> p.blocking() || p.found().contains("mode")).toList();
    }

    @Override
    public void execute(StepContext ctx) {
        try (VaultClient vault = VaultClient.connect(settings)) {
            UnsealResult r;
            try {
                r = vault.unseal(KeyFile.load(settings.keyDir()));
            } catch (RollbackException e) {
                throw new RollbackException("vault: unsealing failed: " + e.getMessage() + ". Next: restore the "
                        + "Vault volume " + volume + " from the backup set (stop services, replace the volume, "
                        + "start vault), then unseal again: rollback vault unseal", e);
            }
            if (!r.unsealed()) {
                throw new RollbackException("vault: still sealed after " + r.keysSubmitted() + " keys ("
                        + r.after().describe() + "). Next: restore the Vault volume " + volume
                        + " from the backup set, then: rollback vault unseal");
            }
            ctx.note("vault: " + r.describe());
        }
    }
}

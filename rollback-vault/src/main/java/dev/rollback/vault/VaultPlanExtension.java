package dev.rollback.vault;

import dev.rollback.env.Environment;
import dev.rollback.env.HealthTimeouts;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.events.Scope;
import dev.rollback.plan.Step;
import dev.rollback.plan.UndoRecipe;
import dev.rollback.spi.PlanExtension;
import java.util.List;
import java.util.Optional;

/**
 * The runbook's known issue "Vault sealed after rollback", as a {@link PlanExtension}: once a rollback has recreated
 * Vault's container, unseal it if it is sealed, waiting for its API first ({@link UnsealStep#ifSealed}). Applies
 * when the environment has a Vault service active in its profiles (its key directory may come back from a backup
 * set in an earlier step: preflight only warns when it is missing); not to a configuration-only rollback, which
 * restarts nothing.
 * Listed in {@code META-INF/services/dev.rollback.spi.PlanExtension}.
 *
 * <p>{@code steps.addAll(PlanExtensions.afterVaultStarted(env, Scope.FULL)); // [vault-unseal] on DevStack Core}
 */
public final class VaultPlanExtension implements PlanExtension {

    @Override
    public List<Step> afterVaultStarted(Environment env, Scope scope) {
        if (scope == Scope.CONFIG) {
            return List.of();
        }
        return vaultService(env)
                .<List<Step>>map(s -> List.of(UnsealStep.ifSealed(
                        env, VaultSettings.from(env), dataVolume(env, s), HealthTimeouts.of(env, s))))
                .orElse(List.of());
    }

    @Override
    public Optional<Step> undoStep(Environment env, UndoRecipe recipe) {
        return "vault-kv".equals(recipe.kind()) ? Optional.of(KvRestoreStep.undo(env, recipe)) : Optional.empty();
    }

    /** The environment's Vault service (kind VAULT) active in its profiles, if it has one. */
    public static Optional<ServiceDefinition> vaultService(Environment env) {
        return env.catalog().activeIn(env.activeProfiles()).stream()
                .filter(s -> s.kind() == ServiceKind.VAULT)
                .findFirst();
    }

    /**
     * The engine name of Vault's data volume: the one of its named volumes with "data" in its name, else its first,
     * else {@code <project>_vault_data} as DevStack Core names it.
     */
    static String dataVolume(Environment env, ServiceDefinition vault) {
        return vault.volumes().stream()
                .filter(v -> v.contains("data"))
                .findFirst()
                .or(() -> vault.volumes().stream().findFirst())
                .orElse(env.projectName() + "_vault_data");
    }
}

package dev.rollback.spi;

import dev.rollback.env.Environment;
import dev.rollback.events.Scope;
import dev.rollback.plan.Step;
import dev.rollback.plan.UndoRecipe;
import java.util.List;
import java.util.Optional;

/**
 * Steps a module above core adds to the plans core builds, at two fixed points of a restart: once Vault's
 * container runs again (rollback-vault: "unseal Vault if sealed", the runbook's known issue "Vault sealed after
 * rollback", before the services that read their secrets from it start), and once every service is healthy again
 * (rollback-databases: re-form a Redis cluster whose nodes lost their metadata); and the steps that undo what its own
 * steps changed. Found with {@link java.util.ServiceLoader} through
 * {@link PlanExtensions}; each returns nothing when it does not apply to the environment.
 *
 * <p>{@code List<Step> more = PlanExtensions.afterHealthy(env, Scope.FULL);}
 */
public interface PlanExtension {

    /**
     * Steps once Vault's container is recreated, before its health is awaited and before the other services are
     * recreated: a sealed Vault fails DevStack Core's health check ({@code wget --spider .../v1/sys/health} answers
     * 503), so what unseals it must run first and wait for its API itself.
     */
    default List<Step> afterVaultStarted(Environment env, Scope scope) {
        return List.of();
    }

    /**
     * Steps just before a plan stops running services to recreate them: keeping, for an undo, what a service would
     * not carry across its recreate (RabbitMQ keeps its definitions under a node name taken from the container's
     * hostname, which a new container changes). They change nothing.
     */
    default List<Step> beforeStop(Environment env, List<String> services) {
        return List.of();
    }

    /** Steps once every restarted service is healthy. */
    default List<Step> afterHealthy(Environment env, Scope scope) {
        return List.of();
    }

    /**
     * Steps once the services a service rollback restarted are healthy again (rollback-databases: every node of a
     * Redis cluster answers PING and the cluster serves all its slots).
     */
    default List<Step> afterServiceHealthy(Environment env, List<String> services) {
        return List.of();
    }

    /**
     * The step that reverses what a recipe of this module's steps records ({@code db} in rollback-databases), for
     * {@code rollback undo}; empty for a kind it does not know.
     */
    default Optional<Step> undoStep(Environment env, UndoRecipe recipe) {
        return Optional.empty();
    }
}

package dev.rollback.spi;

import dev.rollback.env.Environment;
import dev.rollback.events.Scope;
import dev.rollback.plan.Step;
import dev.rollback.plan.UndoRecipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Collects the {@link PlanExtension} steps on the class path.
 *
 * <p>{@code steps.addAll(PlanExtensions.afterHealthy(environment, Scope.FULL));}
 */
public final class PlanExtensions {
    private PlanExtensions() {}

    /** Every extension's steps for once Vault's container runs again (before its health is awaited). */
    public static List<Step> afterVaultStarted(Environment env, Scope scope) {
        return collect(e -> e.afterVaultStarted(env, scope));
    }

    /** Every extension's steps for just before the services are stopped to be recreated. */
    public static List<Step> beforeStop(Environment env, List<String> services) {
        return collect(e -> e.beforeStop(env, services));
    }

    /** Every extension's steps for once all restarted services are healthy, in class-path order. */
    public static List<Step> afterHealthy(Environment env, Scope scope) {
        return collect(e -> e.afterHealthy(env, scope));
    }

    /** Every extension's steps for once a service rollback's restarted services are healthy. */
    public static List<Step> afterServiceHealthy(Environment env, List<String> services) {
        return collect(e -> e.afterServiceHealthy(env, services));
    }

    /** The first extension's step that reverses the recipe, if any knows its kind. */
    public static Optional<Step> undoStep(Environment env, UndoRecipe recipe) {
        for (PlanExtension e : ServiceLoader.load(PlanExtension.class)) {
            Optional<Step> s = e.undoStep(env, recipe);
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }

    private static List<Step> collect(Function<PlanExtension, List<Step>> point) {
        List<Step> out = new ArrayList<>();
        for (PlanExtension e : ServiceLoader.load(PlanExtension.class)) {
            out.addAll(point.apply(e));
        }
        return out;
    }
}

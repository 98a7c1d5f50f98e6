package dev.rollback.spi;

import dev.rollback.env.Environment;
import dev.rollback.plan.Scope;
import dev.rollback.plan.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Collects the {@link PlanExtension} steps on the class path.
 *
 * <p>{@code steps.addAll(PlanExtensions.afterHealthy(environment, Scope.FULL));}
 */
public final class PlanExtensions {
    private PlanExtensions() {
    }

    /** Every extension's steps for once Vault's container runs again (before its health is awaited). */
    public static List<Step> afterVaultStarted(Environment env, Scope scope) {
        return collect(e -> e.afterVaultStarted(env, scope));
    }

    /** Every extension's steps for once all restarted services are healthy, in class-path order. */
    public static List<Step> afterHealthy(Environment env, Scope scope) {
        return collect(e -> e.afterHealthy(env, scope));
    }

    private static List<Step> collect(Function<PlanExtension, List<Step>> point) {
        List<Step> out = new ArrayList<>();
        for (PlanExtension e : ServiceLoader.load(PlanExtension.class)) {
            out.addAll(point.apply(e));
        }
        return out;
    }
}

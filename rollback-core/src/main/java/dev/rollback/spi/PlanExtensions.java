package dev.rollback.spi;

import dev.rollback.env.Environment;
import dev.rollback.plan.Scope;
import dev.rollback.plan.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Collects the {@link PlanExtension} steps on the class path.
 *
 * <p>{@code steps.addAll(PlanExtensions.afterHealthy(environment, Scope.FULL));}
 */
public final class PlanExtensions {
    private PlanExtensions() {
    }

    /** Every extension's steps for once Vault is healthy again, in class-path order. */
    public static List<Step> afterVaultHealthy(Environment env, Scope scope) {
        List<Step> out = new ArrayList<>();
        for (PlanExtension e : ServiceLoader.load(PlanExtension.class)) {
            out.addAll(e.afterVaultHealthy(env, scope));
        }
        return out;
    }

    /** Every extension's steps for once all restarted services are healthy, in class-path order. */
    public static List<Step> afterHealthy(Environment env, Scope scope) {
        List<Step> out = new ArrayList<>();
        for (PlanExtension e : ServiceLoader.load(PlanExtension.class)) {
            out.addAll(e.afterHealthy(env, scope));
        }
        return out;
    }
}

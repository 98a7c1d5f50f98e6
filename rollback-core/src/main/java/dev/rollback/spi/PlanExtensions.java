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

    /** Every extension's steps for after the restart, in class-path order. */
    public static List<Step> afterHealthy(Environment env, Scope scope) {
        List<Step> out = new ArrayList<>();
        for (PlanExtension e : ServiceLoader.load(PlanExtension.class)) {
            out.addAll(e.afterHealthy(env, scope));
        }
        return out;
    }
}

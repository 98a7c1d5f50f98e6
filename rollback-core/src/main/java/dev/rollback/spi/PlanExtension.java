package dev.rollback.spi;

import dev.rollback.env.Environment;
import dev.rollback.plan.Scope;
import dev.rollback.plan.Step;
import java.util.List;

/**
 * Steps a module above core adds to the plans core builds, at fixed points: rollback-vault adds "unseal Vault if
 * sealed" once services are healthy again (the seed's known issue "Vault sealed after rollback"). Found with
 * {@link java.util.ServiceLoader} through {@link PlanExtensions}.
 *
 * <p>{@code List<Step> more = PlanExtensions.afterHealthy(env, Scope.FULL);}
 */
public interface PlanExtension {

    /**
     * Steps to run after the plan's services were restarted and are healthy; empty when nothing applies to this
     * environment (no Vault service, say).
     */
    List<Step> afterHealthy(Environment env, Scope scope);
}

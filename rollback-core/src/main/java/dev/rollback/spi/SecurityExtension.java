package dev.rollback.spi;

import dev.rollback.env.Environment;
import dev.rollback.plan.Step;
import java.util.List;

/**
 * Vault-side steps of a security rollback ({@link dev.rollback.SecurityRollback}) from a module that talks to Vault:
 * rollback-vault checks the AppRole secret-ids before services go back to AppRole, and does the runbook's optional
 * cleanup after a move to root-token. Found with {@link java.util.ServiceLoader} through {@link SecurityExtensions}.
 *
 * <p>{@code steps.addAll(SecurityExtensions.steps(env, change));}
 */
public interface SecurityExtension {

    /**
     * Steps appended to the plan after the services were recreated (and waited on); their preflight runs with the
     * plan's, before anything changes. Empty when nothing applies.
     */
    List<Step> steps(Environment env, SecurityChange change);
}

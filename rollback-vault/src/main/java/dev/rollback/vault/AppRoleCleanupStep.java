package dev.rollback.vault;

import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The runbook's optional cleanup after services moved to root-token auth: delete their {@code <role>-policy} ACL
 * policies and disable the {@code approle} auth method ({@code vault auth disable approle}), the latter only when no
 * service is left on AppRole. Preflight: Vault answers, is unsealed, and the token may do it (a 403 names the token
 * and the fix); nothing is done before the services run on the root token.
 *
 * <p>{@code new AppRoleCleanupStep(VaultSettings.from(env), List.of("postgres-policy"), List.of())}
 */
public final class AppRoleCleanupStep implements Step {
    /** The AppRole auth method's mount path in DevStack Core. */
    public static final String MOUNT = "approle";

    private final VaultSettings settings;
    private final List<String> policies;
    private final List<String> stillOnAppRole;

    /**
     * @param settings where Vault is and how to authenticate
     * @param policies the ACL policies to delete ({@code postgres-policy})
     * @param stillOnAppRole services that still use AppRole afterwards: while there are any, the auth method stays
     */
    public AppRoleCleanupStep(VaultSettings settings, List<String> policies, List<String> stillOnAppRole) {
        this.settings = settings;
        this.policies = List.copyOf(policies);
        this.stillOnAppRole = List.copyOf(stillOnAppRole);
    }

    boolean disablesAuthMethod() {
        return stillOnAppRole.isEmpty();
    }

    @Override
    public String name() {
        return "vault-approle-cleanup";
    }

    @Override
    public String describe() {
        String del = policies.isEmpty() ? "" : "delete the ACL policies " + String.join(", ", policies);
        String auth = disablesAuthMethod()
                ? "disable the " + MOUNT + " auth method"
                : "keep the " + MOUNT + " auth method (" + String.join(", ", stillOnAppRole) + " still use it)";
        return "in Vault at " + settings.address() + ": " + (del.isEmpty() ? "" : del + "; ") + auth
                + " (the runbook's optional cleanup)";
    }

    @Override
    public List<String> touches() {
        List<String> out = new ArrayList<>();
        if (!policies.isEmpty()) {
            out.add("Vault ACL policies " + String.join(", ", policies) + " (deleted)");
        }
        if (disablesAuthMethod()) {
            out.add("Vault auth method " + MOUNT + " (disabled: its roles, secret-ids and tokens are gone; going back "
                    + "to AppRole needs them set up again)");
        }
        return out;
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        String subject = "vault cleanup";
        try (VaultClient vault = VaultClient.connect(settings)) {
            SealStatus s = vault.status();
            if (!s.initialized() || s.sealed()) {
                return List.of(Problem.blocking(
                        subject,
                        "Vault at " + settings.address() + " is " + s.describe()
                                + "; the AppRole cleanup needs it unsealed",
                        "rollback vault unseal"));
            }
            List<String> lacking = new ArrayList<>();
            if (disablesAuthMethod()) {
                lacking.addAll(vault.lacking(List.of("sys/auth/" + MOUNT), "delete", "sudo"));
            }
            lacking.addAll(vault.lacking(
                    policies.stream().map(p -> "sys/policies/acl/" + p).toList(), "delete"));
            if (!lacking.isEmpty()) {
                return List.of(Problem.blocking(
                        subject,
                        "the Vault token lacks permission for the AppRole cleanup: " + String.join("; ", lacking),
                        "use a token whose policy allows delete (and sudo on "
                                + "sys/auth/" + MOUNT + "): VAULT_TOKEN, or the root-token of " + settings.keyDir()
                                + "; or leave out the cleanup"));
            }
            return List.of();
        } catch (RollbackException e) {
            return List.of(Problem.blocking(subject, e.getMessage(), "or leave out the cleanup"));
        }
    }

    @Override
    public void execute(StepContext ctx) {
        try (VaultClient vault = VaultClient.connect(settings)) {
            List<String> deleted = new ArrayList<>();
            List<String> absent = new ArrayList<>();
            for (String p : policies) {
                (vault.deletePolicy(p) ? deleted : absent).add(p);
            }
            if (!deleted.isEmpty()) {
                ctx.note("vault: deleted ACL policies " + String.join(", ", deleted));
            }
            if (!absent.isEmpty()) {
                ctx.note("vault: no ACL policy " + String.join(", ", absent) + " (already gone)");
            }
            if (disablesAuthMethod()) {
                ctx.note(
                        vault.disableAuthMethod(MOUNT)
                                ? "vault: disabled the " + MOUNT + " auth method"
                                : "vault: the " + MOUNT + " auth method was not enabled");
            } else {
                ctx.note("vault: kept the " + MOUNT + " auth method for " + String.join(", ", stillOnAppRole));
            }
        }
    }
}

package dev.rollback.vault;

import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Before services go back to AppRole: Vault's approle auth method must be enabled and each role's secret-id in the
 * key directory known to Vault and not expired (blocking otherwise: the services could not log in), and one that
 * expires within the margin (7 days by default; DevStack Core's secret-ids live 30) is a warning with the fix.
 * Changes nothing; its run notes each secret-id's expiry.
 *
 * <p>{@code new SecretIdCheckStep(VaultSettings.from(env), List.of("postgres", "redis"), SecretIdInfo.WARN_BEFORE)}
 */
public final class SecretIdCheckStep implements Step {
    private final VaultSettings settings;
    private final List<String> roles;
    private final Duration margin;

    public SecretIdCheckStep(VaultSettings settings, List<String> roles, Duration margin) {
        this.settings = settings;
        this.roles = List.copyOf(roles);
        this.margin = margin;
    }

    @Override
    public String name() {
        return "vault-approle-check";
    }

    @Override
    public String describe() {
        return "check in Vault at " + settings.address() + " that the AppRole secret-ids of " + String.join(", ", roles)
                + " are valid (warn when less than " + margin.toDays() + " days are left)";
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        String subject = "vault approle";
        List<Problem> out = new ArrayList<>();
        try (VaultClient vault = VaultClient.connect(settings)) {
            SealStatus seal = vault.status();
            if (!seal.initialized() || seal.sealed()) {
                return List.of(Problem.warning(
                        subject,
                        "Vault at " + settings.address() + " is " + seal.describe()
                                + ": the AppRole secret-ids were not checked, and services on AppRole cannot log in until it "
                                + "is unsealed",
                        "rollback vault unseal"));
            }
            if (vault.authMethods().stream().noneMatch(m -> m.path().equals(AppRoleCleanupStep.MOUNT))) {
                return List.of(Problem.blocking(
                        subject,
                        "the " + AppRoleCleanupStep.MOUNT + " auth method is not "
                                + "enabled in Vault at " + settings.address()
                                + " (a cleanup disabled it?): services on AppRole "
                                + "cannot log in",
                        "set AppRole up again (vault auth enable approle, the roles, their "
                                + "policies and secret-ids: DevStack Core's Vault bootstrap) before switching back, or stay on "
                                + "the root token"));
            }
            for (SecretIdStatus s :
                    SecretIdStatus.check(vault, roles, margin, ctx.clock().instant())) {
                switch (s.state()) {
                    case EXPIRED, ERROR -> out.add(Problem.blocking(subject, s.message(), ""));
                    case EXPIRING, UNCHECKED -> out.add(Problem.warning(subject, s.message(), ""));
                    default -> {}
                }
            }
        } catch (RollbackException e) {
            out.add(Problem.warning(subject, "the AppRole secret-ids were not checked: " + e.getMessage(), ""));
        }
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        try (VaultClient vault = VaultClient.connect(settings)) {
            for (SecretIdStatus s :
                    SecretIdStatus.check(vault, roles, margin, ctx.clock().instant())) {
                ctx.note("vault: " + s.message());
            }
        } catch (RollbackException e) {
            ctx.note("vault: the AppRole secret-ids were not checked: " + e.getMessage());
        }
    }
}

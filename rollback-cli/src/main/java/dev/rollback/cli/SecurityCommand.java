package dev.rollback.cli;

import dev.rollback.Rollback;
import dev.rollback.RollbackBuilder;
import dev.rollback.SecurityRollback;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rollback security}: the runbook's Phase 3 (security) rollback, AppRole to root-token auth and back, through
 * {@code .rollback/security-override.yml} instead of {@code sed} on {@code docker-compose.yml}.
 *
 * <p>{@code rollback security root-token postgres mysql --await-healthy 90s --dry-run}
 */
@Command(
        name = "security",
        description = {
            "Switch services between AppRole and root-token Vault auth with a compose "
                    + "override (docker-compose.yml is never edited): root-token runs configs/<service>/scripts/init.sh with "
                    + "VAULT_TOKEN from the key directory's root-token and hides the AppRole mounts; approle removes the "
                    + "override again. The services are recreated."
        },
        footer = {
            "",
            "Examples:",
            "  rollback security root-token postgres mysql --await-healthy 90s --dry-run",
            "  rollback security approle"
        })
final class SecurityCommand extends ScopeCommand {
    @Parameters(index = "0", paramLabel = "root-token|approle", description = "The auth the services use afterwards.")
    String mode;

    @Parameters(
            index = "1..*",
            paramLabel = "<service>",
            arity = "0..*",
            description = "The services (default: "
                    + "root-token: every service with an init-approle.sh entrypoint and an init.sh; approle: every service "
                    + "in the override).")
    List<String> services = new ArrayList<>();

    @Option(
            names = "--await-healthy",
            paramLabel = "<duration>",
            description = "Wait until the services are " + "healthy: 60s, 2m, PT90S.")
    Duration awaitHealthy;

    @Option(
            names = "--cleanup-approle",
            description = "With root-token: afterwards delete the switched services' "
                    + "<service>-policy ACL policies in Vault and, once no service is left on AppRole, disable the approle "
                    + "auth method (the runbook's optional cleanup). Preflight checks the token may; going back to AppRole then "
                    + "needs the AppRole setup again.")
    boolean cleanupAppRole;

    @Mixin
    ValidateOptions validate;

    @Override
    RollbackBuilder<?> builder() {
        SecurityRollback s = Rollback.in(root.home()).security();
        switch (mode) {
            case "root-token" -> s.useRootToken();
            case "approle" -> s.useAppRole();
            default -> throw new UsageException("security needs root-token or approle, got '" + mode + "'");
        }
        s.services(services.toArray(String[]::new));
        if (cleanupAppRole) {
            s.cleaningUpAppRole();
        }
        if (awaitHealthy != null) {
            s.awaitHealthy(awaitHealthy);
        }
        return s;
    }

    /**
     * Vault unsealed and, after root-token, root-token auth in use; the services the run awaited running and healthy,
     * with their logs since the run began.
     */
    @Override
    Optional<PostRunChecks> postRunChecks(RollbackResult result) {
        if (validate.skip) {
            return Optional.empty();
        }
        List<String> only = new ArrayList<>(List.of("vault.unsealed"));
        if (mode.equals("root-token")) {
            only.add("vault.root-token");
        }
        List<String> scope = new ArrayList<>(services);
        if (!result.timeToHealthy().isEmpty()) {
            only.addAll(List.of("services.running", "services.healthy", "logs"));
            if (scope.isEmpty()) {
                scope.addAll(result.timeToHealthy().keySet());
            }
        }
        return Optional.of(new PostRunChecks(only, scope, Optional.empty(), null));
    }
}

package dev.rollback.vault;

import dev.rollback.env.Environment;
import dev.rollback.env.Mount;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.plan.Step;
import dev.rollback.security.SecurityOverride;
import dev.rollback.spi.SecurityChange;
import dev.rollback.spi.SecurityExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Vault's part of the security rollback, as a {@link SecurityExtension}: after a move to root-token with the cleanup
 * asked for, {@link AppRoleCleanupStep}; before
 * services go back to AppRole, {@link SecretIdCheckStep} (approle enabled, secret-ids valid and not about to expire). Listed in {@code META-INF/services/dev.rollback.spi.SecurityExtension}.
 *
 * <p>{@code Rollback.in(home).security().useRootToken().cleaningUpAppRole().execute();}
 */
public final class VaultSecurityExtension implements SecurityExtension {

    @Override
    public List<Step> steps(Environment env, SecurityChange change) {
        List<Step> out = new ArrayList<>();
        if (change.toRootToken() && change.cleanupAppRole()) {
            Set<String> policies = new LinkedHashSet<>();
            change.services().forEach(s -> policies.add(role(env.catalog().require(s)) + "-policy"));
            // a role shared by services still on AppRole (redis-1..3 share redis) keeps its policy
            change.onAppRoleAfter()
                    .forEach(s -> policies.remove(role(env.catalog().require(s)) + "-policy"));
            out.add(new AppRoleCleanupStep(VaultSettings.from(env), List.copyOf(policies), change.onAppRoleAfter()));
        }
        if (!change.toRootToken()) {
            Set<String> roles = new LinkedHashSet<>();
            change.services().forEach(s -> roles.add(role(env.catalog().require(s))));
            out.add(new SecretIdCheckStep(VaultSettings.from(env), List.copyOf(roles), SecretIdInfo.WARN_BEFORE));
        }
        return out;
    }

    /**
     * The AppRole a service logs in as: the last segment of its AppRole mount ({@code /vault-approles/redis} for
     * redis-1..3), else of {@code VAULT_APPROLE_DIR}, else the service name.
     */
    static String role(ServiceDefinition s) {
        for (Mount m : SecurityOverride.appRoleMounts(s)) {
            String target = m.target().replaceAll("/+$", "");
            if (target.startsWith("/vault-approles/")) {
                return Path.of(target).getFileName().toString();
            }
        }
        String dir = s.environment().getOrDefault("VAULT_APPROLE_DIR", "").replaceAll("/+$", "");
        return dir.isEmpty() ? s.name() : Path.of(dir).getFileName().toString();
    }
}

package dev.rollback.spi;

import java.util.List;

/**
 * What a security rollback changes, as a {@link SecurityExtension} sees it.
 *
 * <p>{@code new SecurityChange(true, List.of("postgres"), List.of("redis"), true)}
 *
 * @param toRootToken true for AppRole to root-token auth, false for back to AppRole
 * @param services the services switched
 * @param onAppRoleAfter the services whose compose entrypoint is {@code init-approle.sh} and that are still on
 *                       AppRole afterwards (the AppRole auth method must stay while there are any)
 * @param cleanupAppRole whether the runbook's optional cleanup was asked for (disable the {@code approle} auth method,
 *                       delete the switched services' {@code <service>-policy} ACL policies)
 */
public record SecurityChange(
        boolean toRootToken, List<String> services, List<String> onAppRoleAfter, boolean cleanupAppRole) {
    public SecurityChange {
        services = List.copyOf(services);
        onAppRoleAfter = List.copyOf(onAppRoleAfter);
    }
}

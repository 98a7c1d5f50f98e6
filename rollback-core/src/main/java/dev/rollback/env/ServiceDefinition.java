package dev.rollback.env;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of the catalog, after interpolation, merge keys and {@code rollback.yaml} overrides.
 *
 * <p>{@code catalog.require("mysql").tlsFlag() // Optional[MYSQL_ENABLE_TLS]}
 *
 * @param name the compose service name
 * @param containerName {@code container_name}, or {@code <project>-<service>-1} as compose v2 names it
 * @param image the image reference, if the service has one (not only {@code build:})
 * @param kind what the service is
 * @param profiles its compose profiles; empty means it always starts
 * @param mounts its volume and bind mounts
 * @param volumes full engine names of the named volumes it mounts
 * @param healthCheck its healthcheck, if it has one
 * @param dependsOn the services it depends on
 * @param configDir {@code configs/<dir>} relative to the project (redis-1..3 share {@code configs/redis})
 * @param initScripts scripts under {@code configs/<dir>/scripts/}, relative to the project, sorted
 * @param tlsFlag the {@code .env} flag that switches its TLS ({@code REDIS_ENABLE_TLS} for every redis node)
 * @param expectedStartup typical time from start to healthy
 * @param environment its environment after interpolation (may contain secrets: never print it whole)
 * @param entrypoint its entrypoint, empty when the image's own is used
 * @param command its command, empty when the image's own is used
 * @param ports published ports as written ({@code "5432:5432"}) after interpolation
 */
public record ServiceDefinition(
        String name,
        String containerName,
        Optional<String> image,
        ServiceKind kind,
        List<String> profiles,
        List<Mount> mounts,
        List<String> volumes,
        Optional<HealthCheck> healthCheck,
        List<String> dependsOn,
        Optional<String> configDir,
        List<String> initScripts,
        Optional<String> tlsFlag,
        Duration expectedStartup,
        Map<String, String> environment,
        List<String> entrypoint,
        List<String> command,
        List<String> ports) {
    public ServiceDefinition {
        profiles = List.copyOf(profiles);
        mounts = List.copyOf(mounts);
        volumes = List.copyOf(volumes);
        dependsOn = List.copyOf(dependsOn);
        initScripts = List.copyOf(initScripts);
        environment = Map.copyOf(environment);
        entrypoint = List.copyOf(entrypoint);
        command = List.copyOf(command);
        ports = List.copyOf(ports);
    }

    /** Whether the service starts under the given active profiles (always, when it has none). */
    public boolean activeIn(Collection<String> activeProfiles) {
        return profiles.isEmpty() || profiles.stream().anyMatch(activeProfiles::contains);
    }
}

package dev.rollback.spi;

import dev.rollback.env.Environment;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link BackupContributor} may use: the environment, the container engine and volume store when there is
 * one, the secret store when one answers, and the services the user asked for.
 *
 * <p>{@code new BackupContext(env, Optional.of(runtime), Optional.of(volumes), SecretStores.open(env, t), List.of())}
 *
 * @param environment the environment backed up or restored
 * @param runtime its container engine, empty for the {@code local} target or when none answers
 * @param volumes its volume store, empty without an engine
 * @param secrets where service credentials are read, empty when no store answers
 * @param services the services asked for; empty for all
 * @param restartedFirst whether the plan restarts the services before its restore steps run: their preflight then
 *                       checks what it can without them (the artifact, the engine, a path to reach the service),
 *                       since an environment whose services all fail is exactly when a full rollback runs
 * @param partial whether the user accepts a backup without the parts that cannot be reached now ({@code --partial});
 *                otherwise a contributor that cannot reach a part throws, naming it, and no set is written
 */
public record BackupContext(
        Environment environment,
        Optional<ContainerRuntime> runtime,
        Optional<VolumeStore> volumes,
        Optional<SecretStore> secrets,
        List<String> services,
        boolean restartedFirst,
        boolean partial) {
    public BackupContext {
        Objects.requireNonNull(environment, "environment");
        services = List.copyOf(services);
    }

    /** A context whose services are reached as they are now (a backup, a drill). */
    public BackupContext(
            Environment environment,
            Optional<ContainerRuntime> runtime,
            Optional<VolumeStore> volumes,
            Optional<SecretStore> secrets,
            List<String> services) {
        this(environment, runtime, volumes, secrets, services, false, false);
    }

    /** A context with nothing but the environment (files only). */
    public static BackupContext of(Environment environment) {
        return new BackupContext(environment, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /** This context for restore steps that run after the plan has restarted the services. */
    public BackupContext afterRestart() {
        return new BackupContext(environment, runtime, volumes, secrets, services, true, partial);
    }

    /** This context for a backup that may leave out what cannot be reached ({@code --partial}). */
    public BackupContext allowingPartial() {
        return new BackupContext(environment, runtime, volumes, secrets, services, restartedFirst, true);
    }

    /** Whether {@code service} is in the backup (always, when no services were named). */
    public boolean includes(String service) {
        return services.isEmpty() || services.contains(service);
    }
}

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
 */
public record BackupContext(Environment environment, Optional<ContainerRuntime> runtime,
                            Optional<VolumeStore> volumes, Optional<SecretStore> secrets, List<String> services) {
    public BackupContext {
        Objects.requireNonNull(environment, "environment");
        services = List.copyOf(services);
    }

    /** A context with nothing but the environment (files only). */
    public static BackupContext of(Environment environment) {
        return new BackupContext(environment, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /** Whether {@code service} is in the backup (always, when no services were named). */
    public boolean includes(String service) {
        return services.isEmpty() || services.contains(service);
    }
}

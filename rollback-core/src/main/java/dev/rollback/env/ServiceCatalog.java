package dev.rollback.env;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The services and volumes of an environment.
 *
 * <p>{@code ServiceDefinition mysql = env.catalog().require("mysql");}
 */
public final class ServiceCatalog {
    // CONTRACT STUB: implemented by the env-package work.

    /** All services, in compose file order. */
    public List<ServiceDefinition> services() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Optional<ServiceDefinition> find(String name) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The service, or a {@link dev.rollback.UsageException} listing the known names. */
    public ServiceDefinition require(String name) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The project's named volumes, in compose file order. */
    public List<VolumeDefinition> volumes() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Every profile any service names. */
    public Set<String> profiles() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The services that start under the given profiles. */
    public List<ServiceDefinition> activeIn(Set<String> profiles) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}

package dev.rollback.spi;

import dev.rollback.env.Environment;
import java.time.Duration;
import java.util.Optional;

/**
 * Found with {@link java.util.ServiceLoader}; opens the {@link SecretStore} of an environment.
 *
 * <p>{@code META-INF/services/dev.rollback.spi.SecretStoreProvider} lists the implementation.
 */
public interface SecretStoreProvider {

    /** The store, or empty when this provider has none for the environment or it does not answer in time. */
    Optional<SecretStore> open(Environment env, Duration timeout);

    /**
     * The store's own account of its state without a login, even when it is sealed; empty when this provider does
     * not serve the environment.
     */
    default Optional<SecretStoreStatus> status(Environment env, Duration timeout) {
        return Optional.empty();
    }
}

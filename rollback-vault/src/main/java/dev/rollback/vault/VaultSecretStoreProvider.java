package dev.rollback.vault;

import dev.rollback.env.Environment;
import dev.rollback.spi.SecretStore;
import dev.rollback.spi.SecretStoreProvider;
import dev.rollback.spi.SecretStoreStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * Opens Vault as the environment's {@link SecretStore} when its address ({@code VAULT_ADDR}, default
 * {@code http://localhost:8200}) answers {@code sys/health} within the timeout; the token comes from the environment
 * ({@code VAULT_TOKEN}) or the key directory's {@code root-token}. Listed in
 * {@code META-INF/services/dev.rollback.spi.SecretStoreProvider}.
 *
 * <p>{@code Optional<SecretStore> vault = SecretStores.open(env, Duration.ofSeconds(2));}
 */
public final class VaultSecretStoreProvider implements SecretStoreProvider {

    @Override
    public Optional<SecretStore> open(Environment env, Duration timeout) {
        VaultClient client = VaultClient.connect(VaultSettings.from(env).withTimeout(timeout));
        try {
            client.health();
        } catch (VaultException e) {
            return Optional.empty();
        }
        return Optional.of(new VaultSecretStore(client, true));
    }

    /** {@code sys/seal-status} at the environment's Vault address; not answering is a status, not an error. */
    @Override
    public Optional<SecretStoreStatus> status(Environment env, Duration timeout) {
        VaultSettings settings = VaultSettings.from(env).withTimeout(timeout);
        try {
            SealStatus s = VaultClient.connect(settings).status();
            return Optional.of(
                    new SecretStoreStatus(settings.address(), true, s.initialized(), s.sealed(), s.describe()));
        } catch (VaultException e) {
            return Optional.of(SecretStoreStatus.silent(settings.address(), e.getMessage()));
        }
    }
}

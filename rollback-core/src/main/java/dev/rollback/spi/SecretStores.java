package dev.rollback.spi;

import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Looks up the secret store an embedding application has on its class path.
 *
 * <p>{@code Optional<SecretStore> vault = SecretStores.open(env, Duration.ofSeconds(2));}
 */
public final class SecretStores {
    private SecretStores() {}

    /** The first provider's store that opens, or empty. */
    public static Optional<SecretStore> open(Environment env, Duration timeout) {
        for (SecretStoreProvider p : ServiceLoader.load(SecretStoreProvider.class)) {
            Optional<SecretStore> s = p.open(env, timeout);
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }

    /**
     * The first provider's account of the environment's store ({@link SecretStoreProvider#status}); empty when no
     * provider serves it.
     *
     * <p>{@code SecretStores.status(env, Duration.ofSeconds(3)).map(SecretStoreStatus::detail) // Optional[unsealed]}
     */
    public static Optional<SecretStoreStatus> status(Environment env, Duration timeout) {
        for (SecretStoreProvider p : ServiceLoader.load(SecretStoreProvider.class)) {
            Optional<SecretStoreStatus> s = p.status(env, timeout);
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }

    /**
     * A store opened at its first use, on the environment as it is on disk then ({@link Environment#reload()}); an
     * error naming the environment when none answers at that time. Only for an environment that declares a Vault (a
     * {@code vault} service, or {@code VAULT_ADDR}): one that does not gets the store that answers now, if any, as a
     * backup of it does, so its databases keep the logins of their compose settings. Empty when no provider is on
     * the class path.
     */
    public static Optional<SecretStore> lazy(Environment env, Duration timeout) {
        if (!ServiceLoader.load(SecretStoreProvider.class).iterator().hasNext()) {
            return Optional.empty();
        }
        if (!declaresVault(env)) {
            return open(env, timeout);
        }
        return Optional.of(new LazySecretStore(env, timeout));
    }

    /** Whether the environment has a Vault service or names a Vault address. */
    static boolean declaresVault(Environment env) {
        return env.catalog().services().stream().anyMatch(s -> s.kind() == ServiceKind.VAULT)
                || env.variables().containsKey("VAULT_ADDR");
    }
}

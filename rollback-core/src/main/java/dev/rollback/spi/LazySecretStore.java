package dev.rollback.spi;

import dev.rollback.RollbackException;
import dev.rollback.env.Environment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment's secret store, opened at its first use rather than when the plan is made: a full rollback plans
 * while Vault may be down or sealed, and puts back the key directory and {@code .env} (and so the token) before any
 * step reads a secret. The store is opened on the environment as it is on disk then; a store that does not answer
 * yet is tried again at the next use.
 *
 * <p>{@code SecretStore vault = SecretStores.lazy(env, Duration.ofSeconds(3)); vault.read("secret/postgres");}
 */
final class LazySecretStore implements SecretStore {
    private final Environment env;
    private final Duration timeout;
    private SecretStore store;
    private boolean closed;

    LazySecretStore(Environment env, Duration timeout) {
        this.env = env;
        this.timeout = timeout;
    }

    private synchronized SecretStore store() {
        if (closed) {
            throw new RollbackException("the secret store of " + env.projectName() + " is closed");
        }
        if (store == null) {
            Environment now = env.reload();
            store = SecretStores.open(now, timeout).orElseThrow(() -> new RollbackException("no secret store "
                    + "answers for " + now.projectName() + " (Vault at VAULT_ADDR, default http://localhost:8200, "
                    + "did not answer within " + timeout.toMillis() + " ms): is it running and unsealed? "
                    + "Check with: rollback vault status"));
        }
        return store;
    }

    @Override
    public String describe() {
        synchronized (this) {
            return store != null ? store.describe() : "secret store of " + env.projectName() + " (opened at first use)";
        }
    }

    @Override
    public Optional<Map<String, String>> read(String path) {
        return store().read(path);
    }

    @Override
    public void patch(String path, Map<String, String> fields) {
        store().patch(path, fields);
    }

    @Override
    public List<String> list(String path) {
        return store().list(path);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (store != null) {
            store.close();
        }
    }
}

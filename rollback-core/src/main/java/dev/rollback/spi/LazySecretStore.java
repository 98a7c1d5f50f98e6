package dev.rollback.spi;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment's secret store, opened at its first use rather than when the plan is made: a full rollback plans
 * while Vault may be down or sealed, and puts back the key directory and {@code .env} (and so the token) before any
 * step reads a secret. The store is opened on the environment as it is on disk then, and opened anew when
 * {@code .env} or the key directory's root token changed since (a step before the restore may read a secret with the
 * token the rollback then replaces); a store that does not answer yet is tried again at the next use.
 *
 * <p>{@code SecretStore vault = SecretStores.lazy(env, Duration.ofSeconds(3)); vault.read("secret/postgres");}
 */
final class LazySecretStore implements SecretStore {
    private final Environment env;
    private final Duration timeout;
    private SecretStore store;
    private String openedOn;
    private boolean closed;

    LazySecretStore(Environment env, Duration timeout) {
        this.env = env;
        this.timeout = timeout;
    }

    private synchronized SecretStore store() {
        if (closed) {
            throw new RollbackException("the secret store of " + env.projectName() + " is closed");
        }
        String files = stamp();
        if (store != null && !files.equals(openedOn)) {
            store.close(); // .env or the key directory changed since (a rollback put them back): open it anew
            store = null;
        }
        if (store == null) {
            openedOn = files;
            Environment now = env.reload();
            store = SecretStores.open(now, timeout)
                    .orElseThrow(() -> new RollbackException("no secret store "
                            + "answers for " + now.projectName()
                            + " (Vault at VAULT_ADDR, default http://localhost:8200, "
                            + "did not answer within " + timeout.toMillis() + " ms): is it running and unsealed? "
                            + "Check with: rollback vault status"));
        }
        return store;
    }

    /** What the store is opened from: {@code .env} and the key directory's root token, as they are now. */
    private String stamp() {
        MessageDigest md = Sha256.digest();
        for (Path f : List.of(env.envFile(), env.vaultKeyDir().resolve("root-token"))) {
            try {
                md.update(Files.readAllBytes(f));
            } catch (IOException e) {
                md.update((byte) 0); // absent or unreadable: that too is a state
            }
            md.update((byte) '\n');
        }
        return Sha256.hex(md);
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

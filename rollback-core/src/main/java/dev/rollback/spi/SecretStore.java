package dev.rollback.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where service credentials and switches live (Vault's KV v2 in DevStack Core). Values are secrets: never log,
 * print or put them in exception messages or process arguments.
 *
 * <p>{@code String pw = store.field("secret/mysql", "root_password").orElseThrow();}
 */
public interface SecretStore extends AutoCloseable {

    /** A short description without secrets ({@code vault at http://localhost:8200, KV v2 at secret/}). */
    String describe();

    /**
     * Every field of the secret at {@code path} ({@code secret/postgres}); empty when there is no such secret.
     * A store that cannot be reached or refuses the token throws a {@link dev.rollback.errors.RollbackException} naming
     * the path and the reason (never a value).
     */
    Optional<Map<String, String>> read(String path);

    /** One field of a secret, empty when the secret or the field is absent. */
    default Optional<String> field(String path, String key) {
        return read(path).map(m -> m.get(key));
    }

    /** Sets the given fields of the secret at {@code path}, keeping its other fields (a KV v2 patch). */
    void patch(String path, Map<String, String> fields);

    /** The secret names directly under {@code path} ({@code secret/}), sorted. */
    List<String> list(String path);

    @Override
    void close();
}

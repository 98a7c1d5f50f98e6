package dev.rollback.service;

import dev.rollback.errors.RollbackException;
import dev.rollback.spi.SecretStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A secret store in memory for core's tests (the Vault one lives in rollback-vault); can refuse every call. */
final class MapSecretStore implements SecretStore {
    final Map<String, Map<String, String>> secrets = new TreeMap<>();
    boolean refuse;

    MapSecretStore with(String path, Map<String, String> fields) {
        secrets.put(path, new LinkedHashMap<>(fields));
        return this;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public Optional<Map<String, String>> read(String path) {
        check(path);
        return Optional.ofNullable(secrets.get(path)).map(Map::copyOf);
    }

    @Override
    public void patch(String path, Map<String, String> fields) {
        check(path);
        secrets.get(path).putAll(fields);
    }

    @Override
    public List<String> list(String path) {
        return secrets.keySet().stream()
                .filter(k -> k.startsWith(path))
                .map(k -> k.substring(path.length()))
                .toList();
    }

    private void check(String path) {
        if (refuse) {
            throw new RollbackException("token lacks permission for " + path);
        }
    }

    @Override
    public void close() {}
}

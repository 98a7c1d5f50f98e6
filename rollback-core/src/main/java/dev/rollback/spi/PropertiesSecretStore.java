package dev.rollback.spi;

import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SecretStore} held in memory, for the {@code local} target and tests: from a properties file
 * ({@code secret/postgres.password=...}, mode 0600 required), from environment variables
 * ({@code ROLLBACK_SECRET_POSTGRES_PASSWORD}, {@code ROLLBACK_SECRET_REDIS_1_PASSWORD}) or from a map.
 * {@link #patch} changes only the memory copy.
 *
 * <p>{@code SecretStore s = PropertiesSecretStore.of(Map.of("secret/mysql", Map.of("root_password", pw)));}
 */
public final class PropertiesSecretStore implements SecretStore {
    private static final String ENV_PREFIX = "ROLLBACK_SECRET_";
    private final String description;
    private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();

    private PropertiesSecretStore(String description, Map<String, Map<String, String>> initial) {
        this.description = description;
        initial.forEach((k, v) -> secrets.put(k, new TreeMap<>(v)));
    }

    /** Secrets given as path to fields. */
    public static PropertiesSecretStore of(Map<String, Map<String, String>> secrets) {
        return new PropertiesSecretStore("in-memory secret store", secrets);
    }

    /**
     * Reads {@code <path>.<field>=value} lines; the last dot separates path and field. Refuses a file that
     * others can read, naming it and the fix ({@code chmod 600}).
     */
    public static PropertiesSecretStore fromFile(Path file) {
        try {
            if (SecureFiles.isOpenToOthers(file)) {
                throw new RollbackException("secret file " + file.getFileName() + " is readable by others; run"
                        + " chmod 600 on it before using it");
            }
        } catch (IOException e) {
            throw new RollbackException("secret file " + file.getFileName() + " cannot be read: " + e.getMessage(), e);
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException e) {
            throw new RollbackException("secret file " + file.getFileName() + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, Map<String, String>> m = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            int dot = key.lastIndexOf('.');
            if (dot > 0) {
                m.computeIfAbsent(key.substring(0, dot), k -> new TreeMap<>())
                        .put(key.substring(dot + 1), props.getProperty(key));
            }
        }
        return new PropertiesSecretStore("secret file " + file.getFileName(), m);
    }

    /**
     * Reads {@code ROLLBACK_SECRET_<SECRET>_<FIELD>} variables for the given secret paths: {@code secret/redis-1}
     * field {@code password} is {@code ROLLBACK_SECRET_REDIS_1_PASSWORD}.
     */
    public static PropertiesSecretStore fromEnvironment(Map<String, String> env, Map<String, List<String>> fields) {
        Map<String, Map<String, String>> m = new TreeMap<>();
        fields.forEach((path, names) -> {
            for (String field : names) {
                String value = env.get(variable(path, field));
                if (value != null) {
                    m.computeIfAbsent(path, k -> new TreeMap<>()).put(field, value);
                }
            }
        });
        return new PropertiesSecretStore("environment variables " + ENV_PREFIX + "*", m);
    }

    /** The variable name {@link #fromEnvironment} reads for a secret's field. */
    public static String variable(String path, String field) {
        String name = path.startsWith("secret/") ? path.substring("secret/".length()) : path;
        return (ENV_PREFIX + name + "_" + field).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Optional<Map<String, String>> read(String path) {
        return Optional.ofNullable(secrets.get(path)).map(Map::copyOf);
    }

    @Override
    public void patch(String path, Map<String, String> fields) {
        secrets.merge(path, new TreeMap<>(fields), (a, b) -> {
            Map<String, String> merged = new TreeMap<>(a);
            merged.putAll(b);
            return merged;
        });
    }

    @Override
    public List<String> list(String path) {
        String prefix = path.endsWith("/") ? path : path + "/";
        return secrets.keySet().stream()
                .filter(k -> k.startsWith(prefix))
                .map(k -> k.substring(prefix.length()))
                .filter(k -> !k.contains("/"))
                .sorted()
                .toList();
    }

    @Override
    public void close() {
        secrets.clear();
    }
}

package dev.rollback.env;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One key's difference between two {@code .env} files. {@link #toString()} masks values of secret-looking keys.
 *
 * <p>{@code env.diff(baseline).forEach(System.out::println); // ~ MYSQL_ENABLE_TLS: true -> false}
 *
 * @param key the variable
 * @param kind what happened to it
 * @param oldValue its value before ({@code null} when {@link Kind#ADDED})
 * @param newValue its value after ({@code null} when {@link Kind#REMOVED})
 */
public record EnvChange(String key, Kind kind, String oldValue, String newValue) {
    private static final String MASK = "****";
    /** Secret anywhere in a key, even glued to other words: {@code DBPASSWORD}, {@code GITHUB_TOKEN}. */
    private static final String[] SECRET_PARTS = {
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "CREDENTIAL",
        "PASSPHRASE",
        "PRIVATE_KEY",
        "PRIVATEKEY",
        "APIKEY",
        "ACCESSKEY"
    };
    /** Secret only as a whole word of the key: {@code API_KEY}, {@code DB_PASS}; not {@code MONKEY}, {@code BYPASS}. */
    private static final Set<String> SECRET_WORDS = Set.of("KEY", "KEYS", "PASS", "PWD", "CREDS");

    public EnvChange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
    }

    /** What happened to the key. */
    public enum Kind {
        ADDED,
        REMOVED,
        CHANGED
    }

    /**
     * Whether values of this key should never be shown.
     *
     * <p>{@code EnvChange.isSecretKey("API_KEY") // true; "MONKEY_COUNT" and "MYSQL_ENABLE_TLS" are false}
     */
    public static boolean isSecretKey(String key) {
        String upper = key.toUpperCase(Locale.ROOT);
        for (String part : SECRET_PARTS) {
            if (upper.contains(part)) {
                return true;
            }
        }
        for (String word : upper.split("[^A-Z0-9]+")) {
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** {@code + KEY=value}, {@code - KEY} or {@code ~ KEY: old -> new}, with secret values shown as {@code ****}. */
    @Override
    public String toString() {
        return switch (kind) {
            case ADDED -> "+ " + key + "=" + shown(newValue);
            case REMOVED -> "- " + key;
            case CHANGED -> "~ " + key + ": " + shown(oldValue) + " -> " + shown(newValue);
        };
    }

    private String shown(String value) {
        return isSecretKey(key) ? MASK : value;
    }
}

package dev.rollback.env;

/**
 * One key's difference between two {@code .env} files. {@link #toString()} masks values of secret-looking keys.
 *
 * <p>{@code env.diff(baseline).forEach(System.out::println); // ~ MYSQL_ENABLE_TLS: true -> false}
 */
public record EnvChange(String key, Kind kind, String oldValue, String newValue) {
    // CONTRACT: implemented by the env-package work (masking in toString).

    /** What happened to the key. */
    public enum Kind { ADDED, REMOVED, CHANGED }
}

package dev.rollback.validation.advisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code rollback} command lines the advisor recommends, as the CLI takes them.
 *
 * <p>{@code Commands.service("mysql", true, false) // "rollback service mysql --disable-tls"}
 */
final class Commands {
    /** What stands for the backup set's {@code .env} copy when none is at hand. */
    static final String ENV_PLACEHOLDER = "<the backup set's env_backup>";

    private Commands() {}

    /** A full rollback from the newest backup set, its databases restored too when data is at stake. */
    static String full(boolean databases) {
        return "rollback full --from-backup latest" + (databases ? " --databases" : "");
    }

    /** One phase rollback per phase, in order, each only after the one before succeeded. */
    static String phases(List<String> ids) {
        return ids.stream().map(id -> "rollback phase " + id).collect(Collectors.joining(" && "));
    }

    /** A service rollback: its init script reverted when it changed, its TLS switched off when on. */
    static String service(String name, boolean disableTls, boolean revertInit) {
        return "rollback service " + name + (revertInit ? " --revert-init" : "") + (disableTls ? " --disable-tls" : "");
    }

    /** {@code .env} restored from the set's copy, or from a placeholder the operator fills in. */
    static String config(Optional<Path> envCopy) {
        return "rollback config --env-from " + envCopy.map(Path::toString).orElse(ENV_PLACEHOLDER);
    }
}

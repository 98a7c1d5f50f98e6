package dev.rollback.cli;

import dev.rollback.ConfigRollback;
import dev.rollback.Rollback;
import dev.rollback.RollbackBuilder;
import dev.rollback.errors.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rollback config}: configuration only, {@code .env} values.
 *
 * <p>{@code rollback config --set MYSQL_ENABLE_TLS=false --unset VAULT_APPROLE_DIR}
 */
@Command(
        name = "config",
        description = "Roll .env back: restore it from a copy and/or set and unset values.",
        footer = {
            "",
            "Examples:",
            "  rollback config --set MYSQL_ENABLE_TLS=false --unset VAULT_APPROLE_DIR",
            "  rollback config --env-from backups/20251114_085001_manual/env_backup --dry-run"
        })
final class ConfigCommand extends ScopeCommand {
    @Option(names = "--set", paramLabel = "<key=value>", description = "Set a value (repeatable).")
    List<String> set = new ArrayList<>();

    @Option(names = "--unset", paramLabel = "<key>", description = "Remove a key (repeatable).")
    List<String> unset = new ArrayList<>();

    @Option(names = "--env-from", paramLabel = "<file>", description = "Restore .env from this copy first.")
    Path envFrom;

    @Override
    RollbackBuilder<?> builder() {
        ConfigRollback c = Rollback.in(root.home()).config();
        if (envFrom != null) {
            c.restoringEnvFrom(envFrom.toAbsolutePath());
        }
        for (String kv : set) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--set takes KEY=VALUE, got '" + kv.replaceAll("=.*", "=…") + "'");
            }
            c.set(kv.substring(0, eq), kv.substring(eq + 1));
        }
        unset.forEach(c::unset);
        return c;
    }
}

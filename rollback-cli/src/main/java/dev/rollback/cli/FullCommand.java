package dev.rollback.cli;

import dev.rollback.FullRollback;
import dev.rollback.Rollback;
import dev.rollback.RollbackBuilder;
import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollback full}: the complete environment rollback.
 *
 * <p>{@code rollback full --to 9bef892 --vault-keys-from ~/vault-backup-20251114 --env-from backups/x/env_backup}
 */
@Command(
        name = "full",
        description = "Roll everything back: stash, checkout, reset to the baseline, Vault keys, .env;"
                + " from a verified backup set, with volumes and databases, restarting services, when asked.",
        footer = {
            "",
            "Examples:",
            "  rollback full --to 9bef892 --dry-run",
            "  rollback full --from-backup latest --volumes --databases"
        })
final class FullCommand extends ScopeCommand {
    @Option(
            names = "--to",
            paramLabel = "<commit>",
            description = "The baseline commit (default: baseline_commit "
                    + "of rollback.yaml, else the commit the --from-backup set was taken at).")
    String commit;

    @Option(
            names = "--branch",
            paramLabel = "<branch>",
            description = "Branch to check out first (default: branch "
                    + "of rollback.yaml, else the --from-backup set's, else main, else master, else the current one).")
    String branch;

    @Option(names = "--env-from", paramLabel = "<file>", description = "Restore .env from this copy.")
    Path envFrom;

    @Option(
            names = "--vault-keys-from",
            paramLabel = "<dir>",
            description =
                    "Restore the Vault key directory from " + "this copy (done before .env, as the runbook insists).")
    Path keysFrom;

    @Option(
            names = "--from-backup",
            paramLabel = "<set>",
            description =
                    "Restore the Vault keys and .env from this "
                            + "backup set (id, latest, or a directory such as the runbook's backups/<date>_manual), verified first.")
    String fromBackup;

    @Option(
            names = "--restart",
            description = "Stop every service first; afterwards recreate Vault (and unseal it "
                    + "when sealed), then the rest, and wait until healthy.")
    boolean restart;

    @Option(
            names = "--volumes",
            description = "Also replace every named volume with its copy in the set (each "
                    + "current volume is archived to the run's safety folder first). Implies --restart.")
    boolean volumes;

    @Option(
            names = "--databases",
            description = "Also restore the set's database dumps and Vault KV export into the "
                    + "live services once healthy (after a safety dump of each). Implies --restart.")
    boolean databases;

    @Option(
            names = "--health-timeout",
            paramLabel = "<duration>",
            description = "How long each restarted service "
                    + "may take to become healthy: 60s, 2m, PT90S (default: health_timeout of rollback.yaml, else 90s for "
                    + "MySQL, 30s for the others). Implies --restart.")
    Duration healthTimeout;

    @Mixin
    ValidateOptions validate;

    private BackupSet restoredFrom;
    private BackupKey restoredKey;

    @Override
    RollbackBuilder<?> builder() {
        Environment env = ComposeAtTarget.load(
                root.home(), commit, fromBackup, spec.commandLine().getErr());
        FullRollback full = Rollback.in(env).full();
        if (fromBackup != null) {
            Backups backups = Backups.in(env);
            BackupSet set = backups.find(fromBackup);
            restoredKey = backups.key(set);
            restoredFrom = set;
            full.restoring(set, restoredKey);
        } else if (volumes || databases) {
            throw new UsageException(
                    "--volumes and --databases restore from a backup set: add " + "--from-backup <set> (or latest)");
        }
        if (restart) {
            full.restartingServices();
        }
        if (volumes) {
            full.restoringVolumes();
        }
        if (databases) {
            full.restoringDatabases();
        }
        if (healthTimeout != null) {
            full.awaitHealthy(healthTimeout);
        }
        if (commit != null) {
            full.toCommit(commit);
        }
        if (branch != null) {
            full.onBranch(branch);
        }
        if (keysFrom != null) {
            full.restoringVaultKeysFrom(keysFrom.toAbsolutePath());
        }
        if (envFrom != null) {
            full.restoringEnvFrom(envFrom.toAbsolutePath());
        }
        return full;
    }

    /**
     * Git clean and key files 0600; when the run started the services ({@code --restart}, {@code --volumes},
     * {@code --databases}), every service running and healthy, Vault unsealed, the APIs, the logs since the run began
     * and the project's tests; and what was restored from a set, against that set: {@code .env} and the keys, the
     * databases with {@code --databases}, Vault's secrets with {@code --volumes}.
     */
    @Override
    Optional<PostRunChecks> postRunChecks(RollbackResult result) {
        if (validate.skip) {
            return Optional.empty();
        }
        List<String> only = new ArrayList<>(List.of("git.clean", "files.keys-mode"));
        if (restart || volumes || databases) {
            only.addAll(List.of("services", "vault.unsealed", "http", "logs", "tests"));
        }
        if (restoredFrom != null) {
            only.addAll(List.of("files.env", "files.keys"));
        }
        if (databases) {
            only.add("databases");
        }
        if (volumes) {
            only.add("vault.kv-data");
        }
        return Optional.of(new PostRunChecks(only, List.of(), Optional.ofNullable(restoredFrom), restoredKey));
    }
}

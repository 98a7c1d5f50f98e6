package dev.rollback.cli;

import dev.rollback.FullRollback;
import dev.rollback.Rollback;
import dev.rollback.RollbackBuilder;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rollback full}: the complete environment rollback.
 *
 * <p>{@code rollback full --to 9bef892 --vault-keys-from ~/vault-backup-20251114 --env-from backups/x/env_backup}
 */
@Command(name = "full", description = "Roll everything back: stash, checkout, reset to the baseline, Vault keys, .env.")
final class FullCommand extends ScopeCommand {
    @Option(names = "--to", paramLabel = "<commit>", description = "The baseline commit (default: baseline_commit "
            + "of rollback.yaml).")
    String commit;

    @Option(names = "--branch", paramLabel = "<branch>", description = "Branch to check out first (default: branch "
            + "of rollback.yaml, or main).")
    String branch;

    @Option(names = "--env-from", paramLabel = "<file>", description = "Restore .env from this copy.")
    Path envFrom;

    @Option(names = "--vault-keys-from", paramLabel = "<dir>", description = "Restore the Vault key directory from "
            + "this copy (done before .env, as the runbook insists).")
    Path keysFrom;

    @Override
    RollbackBuilder<?> builder() {
        FullRollback full = Rollback.in(root.home()).full();
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
}

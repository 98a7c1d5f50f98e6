package dev.rollback;

import dev.rollback.backup.BackupCheckStep;
import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.SetRestore;
import dev.rollback.env.EnvRestoreStep;
import dev.rollback.plan.RunSettings;
import dev.rollback.env.Environment;
import dev.rollback.git.CheckoutBranchStep;
import dev.rollback.git.ResetStep;
import dev.rollback.git.StashStep;
import dev.rollback.io.DirectoryRestoreStep;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.Scope;
import dev.rollback.plan.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete environment rollback: stash what is uncommitted, back to the baseline commit, Vault keys first, then
 * {@code .env}.
 *
 * <p>{@code Rollback.in(home).full().toCommit("9bef892").restoringVaultKeysFrom(keys).restoringEnvFrom(env).execute();}
 */
public final class FullRollback extends RollbackBuilder<FullRollback> {
    private String commit;
    private String branch;
    private Path envSource;
    private Path keySource;
    private BackupSet set;
    private BackupKey setKey;
    private boolean restart;
    private boolean volumes;
    private boolean databases;

    FullRollback(Environment environment) {
        super(environment);
        this.commit = environment.config().baselineCommit().orElse(null);
        this.branch = environment.config().branch();
    }

    /** The baseline commit (default: {@code baseline_commit} of {@code rollback.yaml}). */
    public FullRollback toCommit(String commit) {
        this.commit = commit;
        return this;
    }

    /** The branch checked out before the reset (default: {@code branch} of {@code rollback.yaml}, or main). */
    public FullRollback onBranch(String branch) {
        this.branch = branch;
        return this;
    }

    /** Restores {@code .env} from this saved copy (the seed's {@code env_backup}). */
    public FullRollback restoringEnvFrom(Path envBackup) {
        this.envSource = envBackup;
        return this;
    }

    /** Restores the Vault key directory from this saved copy (the seed's {@code ~/vault-backup-YYYYMMDD}). */
    public FullRollback restoringVaultKeysFrom(Path keyBackup) {
        this.keySource = keyBackup;
        return this;
    }

    /**
     * Restores the Vault key directory and {@code .env} from this backup set (unless given explicitly), after
     * verifying it to its content at preflight; a broken set is refused before anything changes.
     *
     * @param key the set's key when it is encrypted ({@link BackupSet#key(char[])}), else null
     */
    public FullRollback restoring(BackupSet backup, BackupKey key) {
        this.set = backup;
        this.setKey = key;
        return this;
    }

    /** {@link #restoring(BackupSet, BackupKey)} for an unencrypted set. */
    public FullRollback restoring(BackupSet backup) {
        return restoring(backup, null);
    }

    /**
     * Stops every service of the project first and, once files are back, recreates them (Vault first, then the
     * "Vault sealed after rollback" check of any module that adds one, then the rest) and waits until healthy.
     */
    public FullRollback restartingServices() {
        this.restart = true;
        return this;
    }

    /**
     * Also replaces every named volume with its copy in the set (destructive: each current volume is archived to
     * the run's safety folder first). Implies {@link #restartingServices()}.
     */
    public FullRollback restoringVolumes() {
        this.volumes = true;
        this.restart = true;
        return this;
    }

    /**
     * Also restores every database dump and the Vault KV export of the set into the live services once they are
     * healthy (each after a safety dump). Implies {@link #restartingServices()}.
     */
    public FullRollback restoringDatabases() {
        this.databases = true;
        this.restart = true;
        return this;
    }

    @Override
    public RollbackPlan plan() {
        if (commit == null || commit.isBlank()) {
            throw new UsageException("a full rollback needs a baseline commit: call toCommit(\"<commit>\") "
                    + "(CLI: --to <commit>) or set baseline_commit in rollback.yaml");
        }
        if ((volumes || databases) && set == null) {
            throw new UsageException("restoring volumes or databases needs a backup set: call restoring(set) "
                    + "(CLI: --from-backup <id>)");
        }
        List<Step> steps = new ArrayList<>();
        List<AutoCloseable> resources = new ArrayList<>();
        RunSettings run = settings;
        SetRestore restore = null;
        if (set != null) {
            restore = SetRestore.open(set, setKey);
            resources.add(restore);
            steps.add(new BackupCheckStep(set, setKey));
        }
        ServiceRestart services = null;
        if (restart) {
            services = ServiceRestart.connect(environment, run, resources);
            run = services.settings();
            steps.add(services.stopStep());
        }
        steps.add(new StashStep());
        steps.add(new CheckoutBranchStep(branch));
        steps.add(new ResetStep(commit));
        Path keys = keySource != null ? keySource : restore == null ? null : restore.vaultKeys().orElse(null);
        if (keys != null) {
            steps.add(new DirectoryRestoreStep("vault-keys", keys, environment.vaultKeyDir(),
                    List.of("keys.json", "root-token")));
        }
        Path env = envSource != null ? envSource : restore == null ? null : restore.envFile().orElse(null);
        if (env != null) {
            steps.add(new EnvRestoreStep(env));
        }
        if (volumes) {
            steps.addAll(restore.volumeSteps());
        }
        if (services != null) {
            steps.addAll(services.startSteps());
        }
        if (databases) {
            steps.addAll(restore.contributedSteps(services.context(), List.of("vault-kv", "db-dump")));
        }
        return new RollbackPlan(environment, Scope.FULL, "full rollback to " + commit + (set == null ? ""
                : " from backup " + set.manifest().id()), steps, run, resources);
    }
}

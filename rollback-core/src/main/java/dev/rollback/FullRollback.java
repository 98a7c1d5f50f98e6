package dev.rollback;

import dev.rollback.env.EnvRestoreStep;
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

    @Override
    public RollbackPlan plan() {
        if (commit == null || commit.isBlank()) {
            throw new UsageException("a full rollback needs a baseline commit: call toCommit(\"<commit>\") "
                    + "(CLI: --to <commit>) or set baseline_commit in rollback.yaml");
        }
        List<Step> steps = new ArrayList<>();
        steps.add(new StashStep());
        steps.add(new CheckoutBranchStep(branch));
        steps.add(new ResetStep(commit));
        if (keySource != null) {
            steps.add(new DirectoryRestoreStep("vault-keys", keySource, environment.vaultKeyDir(),
                    List.of("keys.json", "root-token")));
        }
        if (envSource != null) {
            steps.add(new EnvRestoreStep(envSource));
        }
        return new RollbackPlan(environment, Scope.FULL, "full rollback to " + commit, steps, settings);
    }
}

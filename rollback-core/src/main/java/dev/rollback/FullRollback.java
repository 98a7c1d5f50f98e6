package dev.rollback;

import dev.rollback.backup.BackupCheckStep;
import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.backup.SetRestore;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.Scope;
import dev.rollback.git.CommitInfo;
import dev.rollback.git.GitRepository;
import dev.rollback.io.Durations;
import dev.rollback.plan.ParallelSteps;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunRequest;
import dev.rollback.plan.RunSettings;
import dev.rollback.plan.Step;
import dev.rollback.spi.Connections;
import dev.rollback.spi.VolumeStore;
import dev.rollback.steps.CheckoutBranchStep;
import dev.rollback.steps.DirectoryRestoreStep;
import dev.rollback.steps.EnvRestoreStep;
import dev.rollback.steps.ResetStep;
import dev.rollback.steps.StashStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A complete environment rollback: stash what is uncommitted, back to the baseline commit, Vault keys first, then
 * {@code .env}.
 *
 * <p>{@code Rollback.in(home).full().toCommit("9bef892").restoringVaultKeysFrom(keys).restoringEnvFrom(env).execute();}
 */
public final class FullRollback extends RollbackBuilder<FullRollback> {
    /**
     * Database restores run this many at a time: each waits on its server more than it computes, so a few side by
     * side finish sooner even on two cores.
     */
    static final int PARALLEL_RESTORES = 3;

    private String commit;
    private String branch;
    private Path envSource;
    private Path keySource;
    private BackupSet set;
    private BackupKey setKey;
    private boolean restart;
    private boolean volumes;
    private boolean databases;
    private Duration healthTimeout;
    private ServiceRestart.Facts recordedFacts;

    FullRollback(Environment environment) {
        super(environment);
        this.commit = environment.config().baselineCommit().orElse(null);
        this.branch = environment.config().branch().orElse(null);
    }

    /**
     * The baseline commit (default: {@code baseline_commit} of {@code rollback.yaml}, else, when restoring from a
     * backup set, the commit the set was taken at).
     */
    public FullRollback toCommit(String commit) {
        this.commit = commit;
        return this;
    }

    /**
     * The branch checked out before the reset (default: {@code branch} of {@code rollback.yaml}, else the backup
     * set's branch, else {@code main}, else {@code master}, else the branch checked out now).
     */
    public FullRollback onBranch(String branch) {
        this.branch = branch;
        return this;
    }

    /** Restores {@code .env} from this saved copy (the runbook's {@code env_backup}). */
    public FullRollback restoringEnvFrom(Path envBackup) {
        this.envSource = envBackup;
        return this;
    }

    /** Restores the Vault key directory from this saved copy (the runbook's {@code ~/vault-backup-YYYYMMDD}). */
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

    /**
     * How long each restarted service may take to become healthy (default: per service, {@code health_timeout} of
     * {@code rollback.yaml}, else 90 s for MySQL and 30 s for the others). Implies {@link #restartingServices()}.
     */
    public FullRollback awaitHealthy(Duration timeout) {
        this.healthTimeout = Durations.requirePositive(timeout, "awaitHealthy");
        this.restart = true;
        return this;
    }

    /**
     * What the plan takes from the set, by {@code kind:service} key, with the option that asks for it: {@code .env}
     * and the key directory unless given from elsewhere (when the environment has them), every volume of the project
     * that exists for {@code --volumes}, every database dump and the Vault KV export for {@code --databases}.
     */
    private Map<String, String> requiredParts(VolumeStore store) {
        Set<String> expected = store != null ? Backups.expected(environment, store) : Backups.expected(environment);
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : expected) {
            String kind = part.contains(":") ? part.substring(0, part.indexOf(':')) : part;
            switch (kind) {
                case "env" -> {
                    if (envSource == null) {
                        out.put(part, "--from-backup");
                    }
                }
                case "vault-keys" -> {
                    if (keySource == null) {
                        out.put(part, "--from-backup");
                    }
                }
                case "volume" -> {
                    if (volumes) {
                        out.put(part, "--volumes");
                    }
                }
                case "db-dump", "vault-kv" -> {
                    if (databases) {
                        out.put(part, "--databases");
                    }
                }
                default -> {}
            }
        }
        return out;
    }

    /** The branch to check out: as set, else the set's, else the repository's main line. */
    private String branch() {
        if (branch != null) {
            return branch;
        }
        if (set != null && set.manifest().git() != null && set.manifest().git().branch() != null) {
            return set.manifest().git().branch();
        }
        return GitRepository.mainLine(environment.projectDir());
    }

    @Override
    protected RollbackPlan build(Connections connections) {
        String commit = this.commit != null
                ? this.commit
                : set == null
                        ? null
                        : set.manifest().git() == null
                                ? null
                                : set.manifest().git().commit();
        if (commit == null || commit.isBlank()) {
            throw new UsageException("a full rollback needs a baseline commit: call toCommit(\"<commit>\") "
                    + "(CLI: --to <commit>), set baseline_commit in rollback.yaml, or restore from a backup set "
                    + "taken in a git repository");
        }
        if ((volumes || databases) && set == null) {
            throw new UsageException("restoring volumes or databases needs a backup set: call restoring(set) "
                    + "(CLI: --from-backup <id>)");
        }
        List<Step> steps = new ArrayList<>();
        List<AutoCloseable> resources = new ArrayList<>();
        RunSettings run = settings;
        String branch = branch();
        String target = resolvedNow(commit);
        SetRestore restore = null;
        ServiceRestart services = null;
        if (restart) {
            services = ServiceRestart.connect(environment, run, connections, recordedFacts)
                    .withHealthTimeout(healthTimeout);
            run = services.settings();
        }
        if (set != null) {
            restore = SetRestore.open(set, setKey, environment.stateDir());
            resources.add(restore);
            steps.add(new BackupCheckStep(
                    set, setKey, requiredParts(run.service(VolumeStore.class).orElse(null))));
        }
        if (services != null) {
            steps.addAll(services.stopSteps());
        }
        steps.add(new StashStep());
        steps.add(new CheckoutBranchStep(branch));
        // resolved once, now: a relative name (HEAD~1) would otherwise be read again after the checkout moved HEAD
        steps.add(new ResetStep(target));
        Path keys = keySource != null
                ? keySource
                : restore == null ? null : restore.vaultKeys().orElse(null);
        if (keys != null) {
            steps.add(new DirectoryRestoreStep(
                    "vault-keys", keys, environment.vaultKeyDir(), List.of("keys.json", "root-token")));
        }
        Path env = envSource != null
                ? envSource
                : restore == null ? null : restore.envFile().orElse(null);
        if (env != null) {
            steps.add(new EnvRestoreStep(env));
        }
        if (volumes) {
            restore.volumeStep(services.services()).ifPresent(steps::add);
        }
        if (services != null) {
            steps.addAll(services.startSteps());
        }
        if (databases) {
            List<Step> each = restore.contributedSteps(services.context(), List.of("vault-kv", "db-dump"));
            steps.add(new ParallelSteps(
                    "db-restore",
                    "restore " + each.size() + " database dumps and exports from " + "backup "
                            + set.manifest().id(),
                    each,
                    PARALLEL_RESTORES));
        }
        return new RollbackPlan(
                        environment,
                        Scope.FULL,
                        "full rollback to " + commit
                                + (set == null
                                        ? ""
                                        : " from backup " + set.manifest().id()),
                        steps,
                        run,
                        resources)
                .resumable(request(target, branch, services, steps));
    }

    /** What a resume builds this plan again from: the options as resolved now, and the restart's facts. */
    private RunRequest request(String target, String branch, ServiceRestart services, List<Step> steps) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("commit", target);
        options.put("branch", branch);
        if (envSource != null) {
            options.put("env-from", envSource.toAbsolutePath().toString());
        }
        if (keySource != null) {
            options.put("keys-from", keySource.toAbsolutePath().toString());
        }
        if (set != null) {
            options.put("set", set.dir().toAbsolutePath().toString());
        }
        options.put("restart", String.valueOf(restart));
        options.put("volumes", String.valueOf(volumes));
        options.put("databases", String.valueOf(databases));
        if (healthTimeout != null) {
            options.put("health-timeout", healthTimeout.toString());
        }
        return new RunRequest(
                Scope.FULL,
                options,
                services == null ? Map.of() : services.facts().asMap(),
                steps.stream().map(Step::name).toList());
    }

    /**
     * The full rollback a run was asked for, as its request kept it, planned from the facts it recorded (the services
     * that ran before it stopped them), for {@code rollback resume}.
     *
     * @param keyFor the key of the backup set when it is encrypted (asked for again: the request keeps no secret)
     */
    static FullRollback fromRequest(
            Environment environment, RunRequest request, Function<BackupSet, BackupKey> keyFor) {
        FullRollback full = new FullRollback(environment);
        full.commit = request.option("commit").orElse(null);
        full.branch = request.option("branch").orElse(null);
        full.envSource = request.option("env-from").map(Path::of).orElse(null);
        full.keySource = request.option("keys-from").map(Path::of).orElse(null);
        if (request.option("set").isPresent()) {
            BackupSet set = BackupSet.open(Path.of(request.option("set").get()));
            full.restoring(set, set.manifest().encryption() == null ? null : keyFor.apply(set));
        }
        full.restart = request.flag("restart");
        full.volumes = request.flag("volumes");
        full.databases = request.flag("databases");
        full.healthTimeout =
                request.option("health-timeout").map(Duration::parse).orElse(null);
        full.recordedFacts = ServiceRestart.Facts.of(request).orElse(null);
        return full;
    }

    /**
     * The commit's full id as the repository names it now, or the name as given when it does not resolve (no
     * repository, an unknown name: the reset's preflight then says so).
     */
    private String resolvedNow(String revision) {
        if (!Files.exists(environment.projectDir().resolve(".git"))) {
            return revision;
        }
        try (GitRepository repo = GitRepository.open(environment.projectDir())) {
            return repo.resolve(revision).map(CommitInfo::id).orElse(revision);
        } catch (RollbackException e) {
            return revision;
        }
    }
}

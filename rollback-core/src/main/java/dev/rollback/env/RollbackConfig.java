package dev.rollback.env;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The optional {@code rollback.yaml} of an environment, with DevStack Core's conventions as defaults.
 *
 * <p>{@code env.config().baselineCommit().orElse("HEAD")}
 *
 * <p>The file's keys: {@code baseline_commit}, {@code reference_commit}, {@code branch}, {@code target}
 * ({@code docker}|{@code local}), {@code compose_files}, {@code profiles}, {@code vault_key_dir},
 * {@code backup_root}, {@code phases} (id to {@code description}, {@code paths}, {@code restart}) and
 * {@code services} (name to {@code kind}, {@code expected_startup}, {@code health_timeout}, {@code tls_flag},
 * {@code host}, {@code port}) and {@code validation} (see {@link ValidationSettings}) and {@code advisor} (see {@link AdvisorSettings}). Immutable.
 */
public final class RollbackConfig {
    private final Optional<String> baselineCommit;
    private final Optional<String> referenceCommit;
    private final Optional<String> branch;
    private final Optional<Target> target;
    private final List<String> composeFiles;
    private final List<String> profiles;
    private final Optional<String> vaultKeyDir;
    private final Optional<String> backupRoot;
    private final Map<String, Phase> phases;
    private final Map<String, ServiceOverride> services;
    private final ValidationSettings validation;
    private final AdvisorSettings advisor;

    RollbackConfig(
            Optional<String> baselineCommit,
            Optional<String> referenceCommit,
            Optional<String> branch,
            Optional<Target> target,
            List<String> composeFiles,
            List<String> profiles,
            Optional<String> vaultKeyDir,
            Optional<String> backupRoot,
            Map<String, Phase> phases,
            Map<String, ServiceOverride> services,
            ValidationSettings validation,
            AdvisorSettings advisor) {
        this.validation = validation;
        this.advisor = advisor;
        this.baselineCommit = baselineCommit;
        this.referenceCommit = referenceCommit;
        this.branch = branch;
        this.target = target;
        this.composeFiles = List.copyOf(composeFiles);
        this.profiles = List.copyOf(profiles);
        this.vaultKeyDir = vaultKeyDir;
        this.backupRoot = backupRoot;
        this.phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases.isEmpty() ? defaultPhases() : phases));
        this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /**
     * The configuration of an environment without {@code rollback.yaml}.
     *
     * <p>{@code RollbackConfig.ofDefaults().phases().keySet() // [phase-0, phase-1, phase-2, phase-3]}
     */
    public static RollbackConfig ofDefaults() {
        return new RollbackConfig(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                Map.of(),
                ValidationSettings.ofDefaults(),
                AdvisorSettings.ofDefaults());
    }

    /**
     * Reads a {@code rollback.yaml}; {@link dev.rollback.errors.EnvironmentException} naming the field and line when it
     * holds an unknown key or a wrong type, or does not exist.
     *
     * <p>{@code RollbackConfig c = RollbackConfig.load(home.resolve("rollback.yaml"));}
     */
    public static RollbackConfig load(Path file) {
        return RollbackConfigParser.load(file);
    }

    /** Commit a full rollback resets to ({@code baseline_commit}). */
    public Optional<String> baselineCommit() {
        return baselineCommit;
    }

    /** Commit init scripts and phase files are restored from ({@code reference_commit}). */
    public Optional<String> referenceCommit() {
        return referenceCommit;
    }

    /**
     * Branch a full rollback checks out ({@code branch}); empty when not set: the rollback then takes the backup
     * set's branch, else the repository's main line ({@code main}, else {@code master}, else the current branch).
     */
    public Optional<String> branch() {
        return branch;
    }

    /**
     * Phases by id, in file order; the runbook's four phases when the file names none: {@code phase-0} documentation
     * and CI, {@code phase-1} tests and performance configs, {@code phase-2} backup scripts and monitoring
     * (restarts prometheus, grafana, loki, vector), {@code phase-3} security (init scripts; the Vault work
     * re-applies them, so no restart here). The runbook runs {@code ./devstack restart} (every service) after
     * phase 1; the default lists no restart so that a phase rollback never restarts the whole stack implicitly:
     * a caller whose services read the reverted performance configs restarts those services itself.
     */
    public Map<String, Phase> phases() {
        return phases;
    }

    /** Per-service overrides by service name. */
    public Map<String, ServiceOverride> services() {
        return services;
    }

    /** The {@code validation:} section; the runbook's defaults when the file has none. */
    public ValidationSettings validation() {
        return validation;
    }

    /** The {@code advisor:} section; the runbook's triggers and thresholds when the file has none. */
    public AdvisorSettings advisor() {
        return advisor;
    }

    /** {@code target}, if the file sets it. */
    public Optional<Target> target() {
        return target;
    }

    /** {@code compose_files}, relative to the project directory; empty when not set. */
    public List<String> composeFiles() {
        return composeFiles;
    }

    /** {@code profiles} to consider active when {@code COMPOSE_PROFILES} is not set; empty when not set. */
    public List<String> profiles() {
        return profiles;
    }

    /** {@code vault_key_dir} as written ({@code ~} not yet expanded). */
    public Optional<String> vaultKeyDir() {
        return vaultKeyDir;
    }

    /** {@code backup_root} as written (relative paths are relative to the project directory). */
    public Optional<String> backupRoot() {
        return backupRoot;
    }

    @Override
    public String toString() {
        return "RollbackConfig[branch=" + branch + ", phases=" + phases.keySet() + ", services=" + services.keySet()
                + "]";
    }

    static Map<String, Phase> defaultPhases() {
        Map<String, Phase> phases = new LinkedHashMap<>();
        phases.put(
                "phase-0",
                new Phase("phase-0", "documentation and CI", List.of("docs/", ".github/workflows/"), List.of()));
        phases.put(
                "phase-1",
                new Phase(
                        "phase-1",
                        "tests and performance configs",
                        List.of("tests/", "configs/*/performance/"),
                        List.of()));
        phases.put(
                "phase-2",
                new Phase(
                        "phase-2",
                        "backup scripts and monitoring",
                        List.of(
                                "scripts/backup-*.sh",
                                "scripts/restore-*.sh",
                                "configs/prometheus/",
                                "configs/grafana/",
                                "configs/loki/"),
                        List.of("prometheus", "grafana", "loki", "vector")));
        phases.put(
                "phase-3",
                new Phase(
                        "phase-3",
                        "security: AppRole, TLS, network segmentation",
                        List.of("configs/*/scripts/"),
                        List.of()));
        return phases;
    }
}

package dev.rollback.validation.advisor;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.errors.RollbackException;
import dev.rollback.git.GitRepository;
import dev.rollback.spi.Connections;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.check.CheckContext;
import dev.rollback.validation.parse.TestCounts;
import dev.rollback.validation.probe.ResourceSampler;
import dev.rollback.validation.report.CheckOutcome;
import dev.rollback.validation.report.CheckStatus;
import dev.rollback.validation.report.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns what the live environment shows into {@link Observations}: health states from the engine, memory and CPU
 * sampled over a few seconds, the validation's connection, data, Vault and {@code .env} checks, the files changed
 * since the baseline commit and the services' TLS flags.
 *
 * <p>{@code LiveObservations.of(env, connections, baseline, set, validation::run, this::tests)}
 */
final class LiveObservations {
    /** The validation checks the advisor reads: each database's connection and data, the Vault, {@code .env}. */
    static final List<String> CHECKS = List.of("databases", "vault.unsealed", "vault.kv-data", "files.env");

    /** Stats rounds per service, about a second each. */
    static final int SAMPLES = 5;

    private LiveObservations() {}

    static Observations of(
            Environment env,
            Connections connections,
            Optional<Baseline> baseline,
            Optional<BackupSet> set,
            Supplier<ValidationReport> checks,
            Supplier<Optional<TestCounts>> tests) {
        ContainerRuntime engine = connections
                .engine()
                .orElseThrow(() -> new RollbackException(
                        "the Docker engine does not answer, so no service's health can be read: start it (systemctl"
                                + " start docker) and ask again"));
        Observations.Builder o = Observations.builder();
        List<String> running = health(env, engine, baseline, o);
        // sampled before the checks and the tests run: their load would show as the services' own; five rounds, so
        // that a health check every 2 s (the CPU of the lowest round counts) is not taken for load
        new ResourceSampler(SAMPLES).sample(engine, env, running).forEach(o::resources);
        baseline.ifPresent(o::baseline);
        tests.get().ifPresent(o::tests);
        read(checks.get(), o);
        if (set.isEmpty()) {
            o.dataNotChecked("no backup set to compare the data with: take one with rollback backup");
        }
        set.flatMap(LiveObservations::plainEnvCopy).ifPresent(o::envCopy);
        o.changedFiles(changedFiles(env, baseline));
        for (ServiceDefinition s : env.catalog().services()) {
            s.tlsFlag()
                    .map(flag -> env.variables().getOrDefault(flag, ""))
                    .filter(v -> v.strip().toLowerCase(Locale.ROOT).equals("true"))
                    .ifPresent(v -> o.tlsOn(s.name()));
        }
        return o.build();
    }

    /**
     * Each service of the active profiles (and of the baseline) as the engine reports it: not running is stopped,
     * then the health check's word. Returns the running ones.
     */
    private static List<String> health(
            Environment env, ContainerRuntime engine, Optional<Baseline> baseline, Observations.Builder o) {
        Set<String> active = CheckContext.activeNames(env, baseline);
        List<ContainerStatus> containers = engine.list(env);
        List<String> running = new ArrayList<>();
        for (String service : active) {
            Optional<ContainerStatus> c =
                    containers.stream().filter(s -> s.service().equals(service)).findFirst();
            if (c.isEmpty() || !"running".equals(c.get().state())) {
                o.health(service, HealthState.STOPPED);
                continue;
            }
            running.add(service);
            String word = c.get().health().orElse("healthy");
            o.health(
                    service,
                    switch (word) {
                        case "unhealthy" -> HealthState.UNHEALTHY;
                        case "starting" -> HealthState.STARTING;
                        default -> HealthState.HEALTHY;
                    });
        }
        return running.stream().sorted().toList();
    }

    /** The checks' failures: data, connections, the Vault's seal, {@code .env}. */
    private static void read(ValidationReport checks, Observations.Builder o) {
        for (CheckOutcome c : checks.outcomes()) {
            String id = c.id();
            if (id.equals("vault.unsealed") && c.status() != CheckStatus.SKIPPED) {
                o.vaultSealed(c.status() == CheckStatus.FAILED);
            }
            if (c.status() != CheckStatus.FAILED) {
                continue;
            }
            if (id.equals("vault.kv-data")) {
                o.failedDataCheck("vault");
            } else if (id.equals("files.env")) {
                o.envDiffers(true);
            } else if (id.startsWith("db.") && id.endsWith(".data")) {
                o.failedDataCheck(id.substring(3, id.length() - ".data".length()));
            } else if (id.startsWith("db.") && (id.endsWith(".connect") || id.endsWith(".cluster"))) {
                o.refusingConnections(id.substring(3, id.lastIndexOf('.')));
            }
        }
    }

    /** The set's {@code .env} as a plain file {@code rollback config --env-from} can read, when it is stored so. */
    private static Optional<Path> plainEnvCopy(BackupSet set) {
        return set.manifest()
                .artifact("env")
                .filter(a -> !a.encrypted() && "none".equals(a.compression()))
                .map(BackupManifest.Artifact::file)
                .map(set.dir()::resolve)
                .filter(Files::isRegularFile);
    }

    /** Files changed since the baseline's commit (else {@code baseline_commit}); none outside a git repository. */
    private static List<String> changedFiles(Environment env, Optional<Baseline> baseline) {
        Optional<String> commit = baseline.map(Baseline::commit)
                .filter(c -> !c.isBlank())
                .or(() -> env.config().baselineCommit());
        if (commit.isEmpty() || !Files.exists(env.projectDir().resolve(".git"))) {
            return List.of();
        }
        try (GitRepository repo = GitRepository.open(env.projectDir())) {
            return repo.changedSince(commit.get());
        }
    }
}

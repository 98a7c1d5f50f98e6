package dev.rollback;

import dev.rollback.env.Environment;
import dev.rollback.env.HealthTimeouts;
import dev.rollback.env.Phase;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.Scope;
import dev.rollback.git.GitRepository;
import dev.rollback.io.Durations;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.plan.Step;
import dev.rollback.security.SecurityOverride;
import dev.rollback.service.AffectedServices;
import dev.rollback.service.AwaitHealthyStep;
import dev.rollback.service.RecreateServicesStep;
import dev.rollback.spi.Connections;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.steps.CheckoutPathsStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rollback of one improvement phase's files from the reference commit, as the runbook's partial rollbacks do, then
 * the services those files reach recreated and awaited healthy ({@link #affectedServices()}): phase 1's
 * performance configs reach the services that mount them, phase 2 restarts the observability services.
 *
 * <p>{@code Rollback.in(home).phase("phase-2").fromCommit("80f7072").plan()}
 */
public final class PhaseRollback extends RollbackBuilder<PhaseRollback> {
    private final Phase phase;
    private String commit;
    private boolean restart = true;
    private Duration healthTimeout;

    PhaseRollback(Environment environment, String id) {
        super(environment);
        this.phase = environment.config().phases().get(id);
        if (phase == null) {
            throw new UsageException("unknown phase '" + id + "'; known: "
                    + String.join(", ", environment.config().phases().keySet()));
        }
        this.commit = environment.config().referenceCommit().orElse(null);
    }

    /** The commit the phase's files come from (default: {@code reference_commit} of {@code rollback.yaml}). */
    public PhaseRollback fromCommit(String commit) {
        this.commit = commit;
        return this;
    }

    /** Restores the files only: no service is recreated, even one that mounts them (CLI: {@code --no-restart}). */
    public PhaseRollback withoutRestart() {
        this.restart = false;
        return this;
    }

    /** How long each recreated service may take to become healthy (default: per service, as a service rollback). */
    public PhaseRollback awaitHealthy(Duration timeout) {
        this.healthTimeout = Durations.requirePositive(timeout, "awaitHealthy");
        return this;
    }

    /**
     * The services the phase's files reach: those that mount a file the rollback changes (its content at the commit
     * differs from the work tree's), and the phase's own {@code restart} list when any file changes (phase 2 names
     * prometheus, grafana, loki and vector, as the runbook's {@code docker compose restart}); only services of the
     * active profiles or whose container runs. Empty when nothing would change.
     */
    public List<String> affectedServices() {
        return query(c -> affected(runningServices(c)));
    }

    @Override
    protected RollbackPlan build(Connections connections) {
        if (commit == null || commit.isBlank()) {
            throw new UsageException("phase " + phase.name() + " needs the commit to restore from: call "
                    + "fromCommit(\"<commit>\") (CLI: --from <commit>) or set reference_commit in rollback.yaml");
        }
        List<Step> steps = new ArrayList<>();
        steps.add(new CheckoutPathsStep(commit, phase.paths(), "phase-files", false));
        RunSettings run = settings;
        if (restart) {
            if (settings.service(ContainerRuntime.class).isEmpty()
                    && connections.engine().isPresent()) {
                run = run.withService(
                        ContainerRuntime.class, connections.engine().get());
            }
            List<String> affected = affected(runningServices(connections));
            if (!affected.isEmpty()) {
                Path security = Path.of(SecurityOverride.FILE);
                steps.add(new RecreateServicesStep(
                        affected,
                        Files.isRegularFile(environment.projectDir().resolve(security))
                                ? List.of(security)
                                : List.of()));
                Map<String, Duration> timeouts = new LinkedHashMap<>();
                affected.forEach(s -> timeouts.put(
                        s,
                        healthTimeout != null
                                ? healthTimeout
                                : HealthTimeouts.of(
                                        environment, environment.catalog().require(s))));
                steps.add(new AwaitHealthyStep(timeouts));
            }
        }
        return new RollbackPlan(
                environment, Scope.PHASE, "rollback of " + phase.name() + " (" + phase.description() + ")", steps, run);
    }

    private List<String> affected(Set<String> running) {
        List<String> changed = changedFiles();
        if (changed.isEmpty()) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>(AffectedServices.mounting(environment, changed, running));
        phase.restart().stream()
                .map(environment.catalog()::find)
                .flatMap(Optional::stream)
                .filter(s -> s.activeIn(environment.activeProfiles()) || running.contains(s.name()))
                .forEach(s -> out.add(s.name()));
        return List.copyOf(out);
    }

    /** The phase's files whose content at the commit differs from the work tree's (or that it lacks). */
    private List<String> changedFiles() {
        if (!Files.exists(environment.projectDir().resolve(".git"))) {
            return List.of();
        }
        try (GitRepository repo = GitRepository.open(environment.projectDir())) {
            if (repo.resolve(commit).isEmpty()) {
                return List.of(); // preflight says so
            }
            List<String> out = new ArrayList<>();
            for (String file : repo.matchPaths(commit, phase.paths())) {
                Path current = environment.projectDir().resolve(file);
                byte[] then = repo.readFile(commit, file).orElse(null);
                if (then == null
                        || !Files.isRegularFile(current)
                        || !Arrays.equals(then, Files.readAllBytes(current))) {
                    out.add(file);
                }
            }
            return out;
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot compare the files of " + phase.name() + " with " + commit + ": " + e.getMessage(), e);
        }
    }
}

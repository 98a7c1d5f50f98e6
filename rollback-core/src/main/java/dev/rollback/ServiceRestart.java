package dev.rollback;

import dev.rollback.env.Environment;
import dev.rollback.env.HealthTimeouts;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.events.Scope;
import dev.rollback.plan.RunRequest;
import dev.rollback.plan.RunSettings;
import dev.rollback.plan.Step;
import dev.rollback.security.SecurityOverride;
import dev.rollback.service.AwaitHealthyStep;
import dev.rollback.service.RecreateServicesStep;
import dev.rollback.service.StopServicesStep;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.Connections;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.PlanExtensions;
import dev.rollback.spi.SecretStore;
import dev.rollback.spi.VolumeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stop and the restart around a full rollback, the runbook's {@code ./devstack stop ... start; sleep 300} without the
 * sleep. Which services: those of the active profiles, and every other service of the project whose container runs
 * (the running project is the truth, whatever {@code COMPOSE_PROFILES} says). Afterwards Vault is recreated first,
 * the steps modules add once it runs (unseal it: a sealed Vault fails DevStack Core's health check, so it is unsealed
 * before its health is awaited), then it is awaited healthy, then every other service is recreated and awaited in
 * {@code depends_on} order ({@link #waves}), then the steps modules add once all are healthy (re-form a Redis
 * cluster).
 *
 * <p>{@code ServiceRestart r = ServiceRestart.connect(env, settings, connections); steps.addAll(r.stopSteps());}
 */
final class ServiceRestart {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private final Environment env;
    private final RunSettings settings;
    private final Optional<ContainerRuntime> runtime;
    private final Optional<SecretStore> secrets;
    private final List<ServiceDefinition> targets;
    private final Set<String> running;
    private final Set<String> withContainer;
    private Duration healthTimeout;

    private ServiceRestart(
            Environment env,
            RunSettings settings,
            Optional<ContainerRuntime> runtime,
            Optional<SecretStore> secrets,
            Facts recorded) {
        this.env = env;
        this.settings = settings;
        this.runtime = runtime;
        this.secrets = secrets;
        Facts facts = recorded != null ? recorded : Facts.read(env, runtime);
        this.running = facts.running();
        this.withContainer = facts.withContainer();
        this.targets = env.catalog().services().stream()
                .filter(s -> facts.targets().contains(s.name()))
                .toList();
    }

    /**
     * What a restart is planned from, read from the engine before the run changes anything (or, for a resumed run,
     * as its run recorded them): the services it stops and recreates (those of the active profiles and every other
     * one whose container runs), those running, those with a container.
     */
    record Facts(List<String> targets, Set<String> running, Set<String> withContainer) {
        Facts {
            targets = List.copyOf(targets);
            running = Set.copyOf(running);
            withContainer = Set.copyOf(withContainer);
        }

        static Facts read(Environment env, Optional<ContainerRuntime> runtime) {
            List<ContainerStatus> containers = runtime.map(rt -> rt.list(env)).orElse(List.of());
            Set<String> running = containers.stream()
                    .filter(c -> "running".equals(c.state()) || "restarting".equals(c.state()))
                    .map(ContainerStatus::service)
                    .collect(Collectors.toSet());
            Set<String> withContainer =
                    containers.stream().map(ContainerStatus::service).collect(Collectors.toSet());
            List<String> targets = env.catalog().services().stream()
                    .filter(s -> s.activeIn(env.activeProfiles()) || running.contains(s.name()))
                    .map(ServiceDefinition::name)
                    .toList();
            return new Facts(targets, running, withContainer);
        }

        /** As a run's request keeps them. */
        Map<String, List<String>> asMap() {
            return Map.of(
                    "services",
                    targets,
                    "running",
                    running.stream().sorted().toList(),
                    "with-container",
                    withContainer.stream().sorted().toList());
        }

        /** From a run's request, if it kept them. */
        static Optional<Facts> of(RunRequest request) {
            return request.fact("services")
                    .map(t -> new Facts(
                            t,
                            Set.copyOf(request.fact("running").orElse(List.of())),
                            Set.copyOf(request.fact("with-container").orElse(List.of()))));
        }
    }

    /**
     * Uses the engine and secret store of the settings, or the engine of {@code connections} (connected now) and
     * their secret store opened at its first use, after the key directory and {@code .env} are back.
     */
    static ServiceRestart connect(Environment env, RunSettings settings, Connections connections) {
        return connect(env, settings, connections, null);
    }

    /** As {@link #connect(Environment, RunSettings, Connections)}, planned from recorded facts when given (a resume). */
    static ServiceRestart connect(Environment env, RunSettings settings, Connections connections, Facts recorded) {
        RunSettings run = settings;
        Optional<ContainerRuntime> rt = settings.service(ContainerRuntime.class);
        if (rt.isEmpty()) {
            rt = connections.engine();
            if (rt.isPresent()) {
                run = run.withService(ContainerRuntime.class, rt.get());
            }
        }
        if (rt.isPresent()
                && rt.get() instanceof VolumeStore v
                && run.service(VolumeStore.class).isEmpty()) {
            run = run.withService(VolumeStore.class, v);
        }
        Optional<SecretStore> store = settings.service(SecretStore.class);
        if (store.isEmpty()) {
            store = connections.secretsAtFirstUse();
            if (store.isPresent()) {
                run = run.withService(SecretStore.class, store.get());
            }
        }
        return new ServiceRestart(env, run, rt, store, recorded);
    }

    /** Every service waits at most this long to become healthy (default: per service, as a service rollback). */
    ServiceRestart withHealthTimeout(Duration timeout) {
        this.healthTimeout = timeout;
        return this;
    }

    /** The run's settings with the engine and secret store in them. */
    RunSettings settings() {
        return settings;
    }

    /** What contributors' restore steps use: they run once the services are back. */
    BackupContext context() {
        return new BackupContext(
                        env,
                        runtime,
                        runtime.filter(VolumeStore.class::isInstance).map(VolumeStore.class::cast),
                        secrets,
                        List.of())
                .afterRestart();
    }

    /** What the restart was planned from, for the run's request. */
    Facts facts() {
        return new Facts(names(targets), running, withContainer);
    }

    /** The services stopped and recreated, in catalog order. */
    List<String> services() {
        return names(targets);
    }

    /**
     * Stops the services that have a container (all of them when no engine answered: preflight then says so); a
     * stopped one is left alone by the engine.
     */
    List<Step> stopSteps() {
        List<String> names = names(targets);
        if (runtime.isEmpty()) {
            return List.of(new StopServicesStep(names, STOP_TIMEOUT));
        }
        return stopSteps(names.stream().filter(withContainer::contains).toList());
    }

    /** What modules keep before a stop (for an undo), then the stop of these services. */
    List<Step> stopSteps(List<String> services) {
        List<Step> steps = new ArrayList<>(PlanExtensions.beforeStop(
                env, services.stream().filter(running::contains).toList()));
        steps.add(new StopServicesStep(services, STOP_TIMEOUT));
        return steps;
    }

    /** Vault first, unsealed, then healthy; then the rest, healthy; then the modules' after-healthy steps. */
    List<Step> startSteps() {
        List<Path> overrides = Files.isRegularFile(env.projectDir().resolve(SecurityOverride.FILE))
                ? List.of(Path.of(SecurityOverride.FILE))
                : List.of();
        return startSteps(targets, overrides);
    }

    /**
     * As {@link #startSteps()} for some services only, with the security override whenever it is there when they
     * are recreated (an undo may put it back or take it away first).
     */
    List<Step> startSteps(Collection<String> only) {
        List<ServiceDefinition> chosen = env.catalog().services().stream()
                .filter(s -> only.contains(s.name()))
                .toList();
        return startSteps(chosen, List.of(Path.of(SecurityOverride.FILE)));
    }

    private List<Step> startSteps(List<ServiceDefinition> targets, List<Path> overrides) {
        List<ServiceDefinition> vault =
                targets.stream().filter(s -> s.kind() == ServiceKind.VAULT).toList();
        List<ServiceDefinition> rest =
                targets.stream().filter(s -> s.kind() != ServiceKind.VAULT).toList();
        List<Step> steps = new ArrayList<>();
        if (!vault.isEmpty()) {
            steps.add(new RecreateServicesStep(names(vault), overrides));
            steps.addAll(PlanExtensions.afterVaultStarted(env, Scope.FULL));
            steps.add(new AwaitHealthyStep(timeouts(vault)));
        }
        for (List<ServiceDefinition> wave : waves(rest)) {
            steps.add(new RecreateServicesStep(names(wave), overrides));
            steps.add(new AwaitHealthyStep(timeouts(wave)));
        }
        steps.addAll(PlanExtensions.afterHealthy(env, Scope.FULL));
        return steps;
    }

    /**
     * The services in start order: each wave holds those whose {@code depends_on} among them all started in earlier
     * waves, as compose orders them; each wave is recreated on its own and awaited healthy before the next, so that
     * compose never waits on the engine's health interval of a dependency (and never fails on one still starting).
     */
    static List<List<ServiceDefinition>> waves(List<ServiceDefinition> services) {
        Map<String, ServiceDefinition> left = new LinkedHashMap<>();
        services.forEach(s -> left.put(s.name(), s));
        List<List<ServiceDefinition>> waves = new ArrayList<>();
        while (!left.isEmpty()) {
            List<ServiceDefinition> wave = left.values().stream()
                    .filter(s -> s.dependsOn().stream().noneMatch(left::containsKey))
                    .toList();
            if (wave.isEmpty()) {
                wave = List.copyOf(left.values()); // a cycle compose would refuse anyway: one wave
            }
            wave.forEach(s -> left.remove(s.name()));
            waves.add(wave);
        }
        return waves;
    }

    private static List<String> names(List<ServiceDefinition> services) {
        return services.stream().map(ServiceDefinition::name).toList();
    }

    private Map<String, Duration> timeouts(List<ServiceDefinition> services) {
        Map<String, Duration> out = new LinkedHashMap<>();
        services.forEach(s -> out.put(s.name(), healthTimeout != null ? healthTimeout : HealthTimeouts.of(env, s)));
        return out;
    }
}

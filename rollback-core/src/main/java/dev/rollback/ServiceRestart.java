package dev.rollback;

import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.plan.RunSettings;
import dev.rollback.plan.Scope;
import dev.rollback.plan.Step;
import dev.rollback.security.SecurityOverride;
import dev.rollback.service.AwaitHealthyStep;
import dev.rollback.service.RecreateServicesStep;
import dev.rollback.service.StopServicesStep;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.PlanExtensions;
import dev.rollback.spi.SecretStore;
import dev.rollback.spi.SecretStores;
import dev.rollback.spi.VolumeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stop and the restart around a full rollback: every active service stopped first; afterwards Vault recreated
 * and healthy first, then the steps modules add once it is up (unseal when sealed), then every other service,
 * waited for until healthy, then the steps modules add once all are (re-form a Redis cluster). The seed's
 * {@code ./devstack stop ... start; sleep 300}, without the sleep.
 *
 * <p>{@code ServiceRestart r = ServiceRestart.connect(env, settings, resources); steps.add(r.stopStep());}
 */
final class ServiceRestart {
    private static final Duration ENGINE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private final Environment env;
    private final RunSettings settings;
    private final Optional<ContainerRuntime> runtime;
    private final Optional<SecretStore> secrets;

    private ServiceRestart(Environment env, RunSettings settings, Optional<ContainerRuntime> runtime,
                           Optional<SecretStore> secrets) {
        this.env = env;
        this.settings = settings;
        this.runtime = runtime;
        this.secrets = secrets;
    }

    /** Uses the engine and secret store of the settings, or connects to them (added to {@code resources}). */
    static ServiceRestart connect(Environment env, RunSettings settings, List<AutoCloseable> resources) {
        RunSettings run = settings;
        Optional<ContainerRuntime> rt = settings.service(ContainerRuntime.class);
        if (rt.isEmpty()) {
            rt = ContainerRuntimes.connect(env, ENGINE_TIMEOUT);
            if (rt.isPresent()) {
                run = run.withService(ContainerRuntime.class, rt.get());
                resources.add(rt.get());
                if (rt.get() instanceof VolumeStore v && run.service(VolumeStore.class).isEmpty()) {
                    run = run.withService(VolumeStore.class, v);
                }
            }
        }
        Optional<SecretStore> store = settings.service(SecretStore.class);
        if (store.isEmpty()) {
            store = SecretStores.open(env, ENGINE_TIMEOUT);
            if (store.isPresent()) {
                run = run.withService(SecretStore.class, store.get());
                resources.add(store.get());
            }
        }
        return new ServiceRestart(env, run, rt, store);
    }

    /** The run's settings with the engine and secret store in them. */
    RunSettings settings() {
        return settings;
    }

    /** What contributors' restore steps use. */
    BackupContext context() {
        return new BackupContext(env, runtime, runtime.filter(VolumeStore.class::isInstance)
                .map(VolumeStore.class::cast), secrets, List.of());
    }

    /** Stops the active services that have a container (all of them when no engine answered: preflight says so). */
    Step stopStep() {
        List<String> active = active().stream().map(ServiceDefinition::name).toList();
        if (runtime.isEmpty()) {
            return new StopServicesStep(active, STOP_TIMEOUT);
        }
        Set<String> existing = runtime.get().list(env).stream().map(ContainerStatus::service)
                .collect(Collectors.toSet());
        return new StopServicesStep(active.stream().filter(existing::contains).toList(), STOP_TIMEOUT);
    }

    /** Vault first and healthy, the modules' after-healthy steps, then the rest, healthy. */
    List<Step> startSteps() {
        List<Path> overrides = Files.isRegularFile(env.projectDir().resolve(SecurityOverride.FILE))
                ? List.of(Path.of(SecurityOverride.FILE)) : List.of();
        List<ServiceDefinition> vault = active().stream().filter(s -> s.kind() == ServiceKind.VAULT).toList();
        List<ServiceDefinition> rest = active().stream().filter(s -> s.kind() != ServiceKind.VAULT).toList();
        List<Step> steps = new ArrayList<>();
        if (!vault.isEmpty()) {
            steps.add(new RecreateServicesStep(names(vault), overrides));
            steps.add(new AwaitHealthyStep(timeouts(vault)));
        }
        steps.addAll(PlanExtensions.afterVaultHealthy(env, Scope.FULL));
        if (!rest.isEmpty()) {
            steps.add(new RecreateServicesStep(names(rest), overrides));
            steps.add(new AwaitHealthyStep(timeouts(rest)));
        }
        steps.addAll(PlanExtensions.afterHealthy(env, Scope.FULL));
        return steps;
    }

    private List<ServiceDefinition> active() {
        return env.catalog().activeIn(env.activeProfiles());
    }

    private static List<String> names(List<ServiceDefinition> services) {
        return services.stream().map(ServiceDefinition::name).toList();
    }

    private Map<String, Duration> timeouts(List<ServiceDefinition> services) {
        Map<String, Duration> out = new LinkedHashMap<>();
        services.forEach(s -> out.put(s.name(), ServiceRollback.defaultHealthTimeout(env, s)));
        return out;
    }
}

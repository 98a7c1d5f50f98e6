package dev.rollback;

import dev.rollback.env.Environment;
import dev.rollback.env.HealthTimeouts;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.UsageException;
import dev.rollback.events.Scope;
import dev.rollback.io.Durations;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.plan.Step;
import dev.rollback.security.SecurityOverride;
import dev.rollback.service.AwaitHealthyStep;
import dev.rollback.service.InitScriptCheckStep;
import dev.rollback.service.RecreateServicesStep;
import dev.rollback.service.SecretPatchStep;
import dev.rollback.service.StopServicesStep;
import dev.rollback.spi.Connections;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.PlanExtensions;
import dev.rollback.spi.SecretStore;
import dev.rollback.steps.CheckoutPathsStep;
import dev.rollback.steps.EnvEditStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rollback of one service, the runbook's "Service-Specific Rollback": stop it, its init script back to the reference
 * commit, its TLS switched off, recreate it, and wait for real health instead of sleeping. A Redis node brings its
 * whole cluster along.
 *
 * <p>{@code Rollback.in(home).service("mysql").revertingInit().disablingTls().awaitHealthy(Duration.ofSeconds(90)).execute();}
 */
public final class ServiceRollback extends RollbackBuilder<ServiceRollback> {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private final ServiceDefinition service;
    private String commit;
    private boolean revertInit;
    private boolean disableTls;
    private boolean restart;
    private Duration healthTimeout;

    ServiceRollback(Environment environment, ServiceDefinition service) {
        super(environment);
        this.service = service;
        this.commit = environment.config().referenceCommit().orElse(null);
    }

    public ServiceDefinition service() {
        return service;
    }

    /** Restores the service's {@code configs/<dir>/scripts/init.sh} from the reference commit. */
    public ServiceRollback revertingInit() {
        this.revertInit = true;
        return this;
    }

    /** The commit {@link #revertingInit()} restores from (default: {@code reference_commit} of rollback.yaml). */
    public ServiceRollback fromCommit(String commit) {
        this.commit = commit;
        return this;
    }

    /**
     * Sets the service's {@code <SERVICE>_ENABLE_TLS=false} in {@code .env}, and {@code tls_enabled=false} in its
     * {@code secret/<service>} (every node's, for Redis) when a secret store (Vault) answers; without one the plan
     * warns that Vault's switch was not changed.
     */
    public ServiceRollback disablingTls() {
        this.disableTls = true;
        return this;
    }

    /** Stops the service (all Redis nodes for a Redis node) first and recreates it after the changes. */
    public ServiceRollback restartingServices() {
        this.restart = true;
        return this;
    }

    /** Restarts, then waits until healthy within {@code timeout} (per node for Redis). */
    public ServiceRollback awaitHealthy(Duration timeout) {
        this.healthTimeout = Durations.requirePositive(timeout, "awaitHealthy");
        this.restart = true;
        return this;
    }

    /** Restarts, then waits with the default timeout: {@code health_timeout} of rollback.yaml, else 90 s for
     * MySQL, 30 s for the others. */
    public ServiceRollback awaitHealthy() {
        return awaitHealthy(HealthTimeouts.of(environment, service));
    }

    /** The service itself, or every Redis node of its cluster: whose TLS switch and secrets change together. */
    public List<String> members() {
        if (service.kind() != ServiceKind.REDIS) {
            return List.of(service.name());
        }
        return environment.catalog().services().stream()
                .filter(s -> s.kind() == ServiceKind.REDIS && s.configDir().equals(service.configDir()))
                .map(ServiceDefinition::name)
                .toList();
    }

    /**
     * The services restarted: the {@link #members()}, then the services of the active profiles that depend on them
     * ({@code depends_on}), as the runbook stops and starts {@code postgres pgbouncer} together: a pool whose
     * server was recreated holds dead connections.
     */
    public List<String> group() {
        List<String> members = members();
        List<String> group = new ArrayList<>(members);
        environment.catalog().activeIn(environment.activeProfiles()).stream()
                .filter(s -> !group.contains(s.name()) && s.dependsOn().stream().anyMatch(members::contains))
                .forEach(s -> group.add(s.name()));
        return group;
    }

    @Override
    protected RollbackPlan build(Connections connections) {
        if (!revertInit && !disableTls && !restart) {
            throw new UsageException("a rollback of " + service.name() + " needs something to do: revertingInit(), "
                    + "disablingTls(), restartingServices() and/or awaitHealthy() (CLI: --revert-init, --disable-tls, "
                    + "or leave out --no-restart)");
        }
        List<String> group = group();
        List<Step> steps = new ArrayList<>();
        steps.add(new InitScriptCheckStep(service, revertInit ? Optional.ofNullable(commit) : Optional.empty()));
        if (restart) {
            steps.add(new StopServicesStep(group, STOP_TIMEOUT));
        }
        if (revertInit) {
            steps.add(revertInitStep());
        }
        if (disableTls) {
            String flag = service.tlsFlag()
                    .orElseThrow(() -> new UsageException("service " + service.name()
                            + " has no <SERVICE>_ENABLE_TLS flag in its environment or .env; it has no TLS switch"));
            steps.add(new EnvEditStep(Map.of(flag, "false"), List.of()));
            steps.add(new SecretPatchStep(
                    members().stream().map(s -> "secret/" + s).toList(), Map.of("tls_enabled", "false")));
        }
        RunSettings run = settings;
        if (disableTls && !settings.services().containsKey(SecretStore.class)) {
            Optional<SecretStore> store = connections.secrets();
            if (store.isPresent()) {
                run = run.withService(SecretStore.class, store.get());
            }
        }
        if (restart) {
            // a service switched to the root token lives in the security override: recreate it with the override,
            // or the rollback would silently put it back on AppRole
            Path security = Path.of(SecurityOverride.FILE);
            steps.add(new RecreateServicesStep(
                    group,
                    Files.isRegularFile(environment.projectDir().resolve(security)) ? List.of(security) : List.of()));
            if (healthTimeout != null) {
                Map<String, Duration> timeouts = new LinkedHashMap<>();
                group.forEach(s -> timeouts.put(s, healthTimeout));
                steps.add(new AwaitHealthyStep(timeouts));
                // rollback-databases: every Redis node answers PING and the cluster serves all its slots
                steps.addAll(PlanExtensions.afterServiceHealthy(environment, members()));
            }
            if (!settings.services().containsKey(ContainerRuntime.class)) {
                Optional<ContainerRuntime> rt = connections.engine();
                if (rt.isPresent()) {
                    run = run.withService(ContainerRuntime.class, rt.get());
                }
            }
        }
        return new RollbackPlan(
                environment,
                Scope.SERVICE,
                "service rollback of " + service.name()
                        + (group.size() > 1 ? " (with " + String.join(", ", group) + ")" : ""),
                steps,
                run);
    }

    private Step revertInitStep() {
        if (commit == null || commit.isBlank()) {
            throw new UsageException("revertingInit() of " + service.name() + " needs the commit to restore from: "
                    + "call fromCommit(\"<commit>\") (CLI: --from <commit>) or set reference_commit in rollback.yaml");
        }
        String dir = service.configDir()
                .orElseThrow(() -> new UsageException("service " + service.name()
                        + " has no configs/<dir> mounted, so it has no init script to revert"));
        return new CheckoutPathsStep(commit, List.of(dir + "/scripts/init.sh"), "revert-init", true);
    }
}

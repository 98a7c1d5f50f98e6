package dev.rollback;

import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.errors.UsageException;
import dev.rollback.events.Scope;
import dev.rollback.io.Durations;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.plan.Step;
import dev.rollback.security.SecurityOverride;
import dev.rollback.security.SecurityOverrideStep;
import dev.rollback.service.AwaitHealthyStep;
import dev.rollback.service.RecreateServicesStep;
import dev.rollback.service.StopServicesStep;
import dev.rollback.spi.Connections;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.SecurityChange;
import dev.rollback.spi.SecurityExtensions;
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
 * The runbook's "Phase 3 / Security" rollback without editing {@code docker-compose.yml}: services switch from AppRole
 * ({@code init-approle.sh}) to root-token auth ({@code init.sh} with {@code VAULT_TOKEN}) through
 * {@code .rollback/security-override.yml}, and back by removing it. Either way the services are stopped, recreated
 * and, when asked, waited on until healthy.
 *
 * <p>{@code Rollback.in(home).security().useRootToken().services("postgres").awaitHealthy(Duration.ofSeconds(60)).execute();}
 */
public final class SecurityRollback extends RollbackBuilder<SecurityRollback> {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private Boolean rootToken;
    private final List<String> services = new ArrayList<>();
    private Duration healthTimeout;
    private boolean cleanupAppRole;

    SecurityRollback(Environment environment) {
        super(environment);
    }

    /** Moves the services to root-token auth: {@code /init/init.sh} with {@code VAULT_TOKEN} from {@code root-token}. */
    public SecurityRollback useRootToken() {
        this.rootToken = true;
        return this;
    }

    /** Moves the services back to their compose entrypoint (AppRole): their part of the override goes. */
    public SecurityRollback useAppRole() {
        this.rootToken = false;
        return this;
    }

    /**
     * The services to switch (default for root-token: every service of the active profiles, or whose container
     * runs, whose entrypoint is {@code init-approle.sh} and whose {@code configs/<dir>/scripts/init.sh} exists; for
     * AppRole: every service in the override).
     */
    public SecurityRollback services(String... names) {
        services.addAll(Arrays.asList(names));
        return this;
    }

    /** Waits until every switched service is healthy within {@code timeout}. */
    public SecurityRollback awaitHealthy(Duration timeout) {
        this.healthTimeout = Durations.requirePositive(timeout, "awaitHealthy");
        return this;
    }

    /**
     * The runbook's optional cleanup after a move to root-token: delete the switched services' {@code <service>-policy}
     * ACL policies and, once no service is left on AppRole, disable the {@code approle} auth method. Done by a
     * {@link SecurityExtension} (rollback-vault) after the services are recreated; preflight checks the token may.
     */
    public SecurityRollback cleaningUpAppRole() {
        this.cleanupAppRole = true;
        return this;
    }

    /** The services the plan switches. */
    public List<String> chosenServices() {
        return query(this::chosen);
    }

    private List<String> chosen(Connections connections) {
        if (rootToken == null) {
            throw new UsageException("a security rollback needs a direction: useRootToken() or useAppRole()");
        }
        if (!services.isEmpty()) {
            services.forEach(s -> environment.catalog().require(s));
            return List.copyOf(new LinkedHashSet<>(services));
        }
        if (!rootToken) {
            return List.copyOf(current());
        }
        Set<String> running = runningServices(connections);
        return environment.catalog().services().stream()
                .filter(SecurityOverride::usesAppRoleEntrypoint)
                .filter(s -> s.activeIn(environment.activeProfiles()) || running.contains(s.name()))
                .filter(s -> s.configDir().isPresent()
                        && Files.isRegularFile(environment.projectDir().resolve(SecurityOverride.initScript(s))))
                .map(ServiceDefinition::name)
                .toList();
    }

    @Override
    protected RollbackPlan build(Connections connections) {
        List<String> chosen = chosen(connections);
        if (chosen.isEmpty()) {
            throw new UsageException(
                    rootToken
                            ? "no service to move to root-token auth: none has an init-approle.sh "
                                    + "entrypoint and a configs/<dir>/scripts/init.sh; name them with services(..)"
                            : "no service is on root-token auth (no " + SecurityOverride.FILE
                                    + "); nothing to switch back");
        }
        for (String s : chosen) {
            if (environment.catalog().require(s).configDir().isEmpty()) {
                throw new UsageException("service " + s + " mounts no configs/<dir>, so it has no init.sh to use");
            }
        }
        Set<String> after = new LinkedHashSet<>(current());
        if (rootToken) {
            after.addAll(chosen);
        } else {
            chosen.forEach(after::remove);
        }
        List<ServiceDefinition> onRootToken =
                after.stream().map(environment.catalog()::require).toList();
        List<ServiceDefinition> switched =
                rootToken ? chosen.stream().map(environment.catalog()::require).toList() : List.of();
        Path rootTokenFile = environment.vaultKeyDir().resolve("root-token");
        List<Step> steps = new ArrayList<>();
        steps.add(new SecurityOverrideStep(onRootToken, switched, rootTokenFile));
        steps.add(new StopServicesStep(chosen, STOP_TIMEOUT));
        steps.add(new RecreateServicesStep(
                chosen, after.isEmpty() ? List.of() : List.of(Path.of(SecurityOverride.FILE))));
        if (healthTimeout != null) {
            Map<String, Duration> timeouts = new LinkedHashMap<>();
            chosen.forEach(s -> timeouts.put(s, healthTimeout));
            steps.add(new AwaitHealthyStep(timeouts));
        }
        if (cleanupAppRole && !rootToken) {
            throw new UsageException("the AppRole cleanup goes with useRootToken(): it removes what AppRole needs");
        }
        List<String> onAppRoleAfter = environment.catalog().services().stream()
                .filter(SecurityOverride::usesAppRoleEntrypoint)
                .map(ServiceDefinition::name)
                .filter(s -> !after.contains(s))
                .toList();
        steps.addAll(SecurityExtensions.steps(
                environment, new SecurityChange(rootToken, chosen, onAppRoleAfter, cleanupAppRole)));
        RunSettings run = settings;
        if (!settings.services().containsKey(ContainerRuntime.class)) {
            Optional<ContainerRuntime> rt = connections.engine();
            if (rt.isPresent()) {
                run = run.withService(ContainerRuntime.class, rt.get());
            }
        }
        return new RollbackPlan(
                environment,
                Scope.PHASE,
                "security rollback: " + String.join(", ", chosen) + " to "
                        + (rootToken ? "root-token auth (init.sh)" : "AppRole auth (compose entrypoint)"),
                steps,
                run);
    }

    private Set<String> current() {
        return SecurityOverride.servicesIn(environment.projectDir().resolve(SecurityOverride.FILE));
    }
}

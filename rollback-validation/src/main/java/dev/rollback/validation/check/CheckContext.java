package dev.rollback.validation.check;

import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupSet;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.env.ValidationSettings;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.Connections;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.SecretStore;
import dev.rollback.spi.SecretStoreStatus;
import dev.rollback.spi.SecretStores;
import dev.rollback.validation.baseline.Baseline;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What every check of one validation run shares: the environment, its connections, the backup set and baseline to
 * compare with, the moment logs are read from, the services in scope, and the answers several checks need (the
 * containers, Vault's seal state), each asked of the environment once per run.
 *
 * <p>{@code ctx.requireRunning("postgres"); ctx.engine().exec(ctx.environment(), "postgres", request);}
 */
public final class CheckContext {
    private final Environment environment;
    private final Connections connections;
    private final Optional<BackupSet> set;
    private final Optional<BackupKey> key;
    private final Optional<Baseline> baseline;
    private final Instant since;
    private final Set<String> scope;
    private final ValidationSettings settings;
    private final Supplier<List<ContainerStatus>> containers;
    private final Supplier<Optional<SecretStoreStatus>> vault;

    /**
     * What {@link dev.rollback.validation.Validation} makes for a run; a test of a check of its own may make one too.
     * Nothing is asked of the environment until a check asks.
     */
    public CheckContext(
            Environment environment,
            Connections connections,
            Optional<BackupSet> set,
            Optional<BackupKey> key,
            Optional<Baseline> baseline,
            Instant since,
            Set<String> scope,
            ValidationSettings settings) {
        this.environment = environment;
        this.connections = connections;
        this.set = set;
        this.key = key;
        this.baseline = baseline;
        this.since = since;
        this.scope = Set.copyOf(scope);
        this.settings = settings;
        this.containers = Once.of(() -> engine().list(environment));
        this.vault = Once.of(() -> SecretStores.status(environment, connections.timeout()));
    }

    public Environment environment() {
        return environment;
    }

    public Connections connections() {
        return connections;
    }

    /** The backup set the environment is compared with; empty when there is none. */
    public Optional<BackupSet> set() {
        return set;
    }

    /** The set, or a skip saying how to get one. */
    public BackupSet requireSet() {
        return set.orElseThrow(() -> new CheckSkipped(
                "no backup set to compare with: take one with rollback backup," + " or name one with --against"));
    }

    /** The key of an encrypted set, when one was given. */
    public Optional<BackupKey> key() {
        return key;
    }

    /** The healthy environment's figures; empty when none was recorded. */
    public Optional<Baseline> baseline() {
        return baseline;
    }

    /** The baseline, or a skip saying how to record one. */
    public Baseline requireBaseline() {
        return baseline.orElseThrow(() -> new CheckSkipped(
                "no baseline recorded: run rollback baseline on the healthy environment (a backup records one too)"));
    }

    /** Log lines before this moment are not read. */
    public Instant since() {
        return since;
    }

    /** The validation settings of {@code rollback.yaml}, with any override of the caller. */
    public ValidationSettings settings() {
        return settings;
    }

    /**
     * Whether {@code service} is in the run's scope (every service when the run has no scope); a part of no service
     * (null: {@code .env}, the git state) only when the run has no scope.
     */
    public boolean inScope(String service) {
        return scope.isEmpty() || (service != null && scope.contains(service));
    }

    /**
     * The services a validation expects, in scope, in catalog order: those of the active profiles and those the
     * baseline had running (DevStack Core's reference API runs outside {@code COMPOSE_PROFILES}).
     */
    public List<ServiceDefinition> activeServices() {
        Set<String> active = activeNames(environment, baseline);
        return environment.catalog().services().stream()
                .filter(s -> active.contains(s.name()) && inScope(s.name()))
                .toList();
    }

    /** The names of the services of the active profiles, and of the baseline's running services. */
    public static Set<String> activeNames(Environment environment, Optional<Baseline> baseline) {
        Set<String> active = new HashSet<>();
        environment.catalog().activeIn(environment.activeProfiles()).forEach(s -> active.add(s.name()));
        baseline.ifPresent(b -> active.addAll(b.services()));
        return active;
    }

    /** The container engine, or a skip when it does not answer. */
    public ContainerRuntime engine() {
        return connections
                .engine()
                .orElseThrow(() -> new CheckSkipped("the Docker engine does not answer: start it (systemctl start"
                        + " docker) and validate again"));
    }

    /** The project's containers as the engine lists them, asked once per run. */
    public List<ContainerStatus> containers() {
        return containers.get();
    }

    /** The container of {@code service}, if it has one. */
    public Optional<ContainerStatus> container(String service) {
        return containers().stream().filter(c -> c.service().equals(service)).findFirst();
    }

    /** Whether the service's container is running. */
    public boolean running(String service) {
        return container(service).map(c -> "running".equals(c.state())).orElse(false);
    }

    /** A skip unless the service's container runs: its checks cannot run on a stopped service. */
    public void requireRunning(String service) {
        if (!running(service)) {
            throw new CheckSkipped(service + " is not running (see services.running)");
        }
    }

    /** Whether the environment has a Vault service. */
    public boolean hasVault() {
        return environment.catalog().services().stream().anyMatch(s -> s.kind() == ServiceKind.VAULT);
    }

    /** Vault's own account of its state, asked once per run; empty when no provider serves the environment. */
    public Optional<SecretStoreStatus> vaultStatus() {
        return vault.get();
    }

    /**
     * A skip unless Vault answers unsealed, for the checks whose credentials or data are in Vault; nothing when the
     * environment has no Vault.
     */
    public void requireVaultUsable() {
        if (!hasVault()) {
            return;
        }
        Optional<SecretStoreStatus> s = vaultStatus();
        if (s.isPresent() && !s.get().usable()) {
            throw new CheckSkipped("Vault is " + (s.get().answering() ? "sealed" : "not answering")
                    + ", and the credentials are in Vault (see vault.unsealed)");
        }
    }

    /**
     * What the SPI's contributors and live checks are given: the environment, its engine, volumes and secret store
     * (a skip when Vault holds the credentials and is sealed).
     */
    public BackupContext backupContext() {
        requireVaultUsable();
        Optional<SecretStore> store = hasVault() ? Optional.of(secrets()) : connections.secrets();
        return new BackupContext(environment, Optional.of(engine()), connections.volumes(), store, List.of());
    }

    /** The secret store, or a skip when it does not open. */
    public SecretStore secrets() {
        requireVaultUsable();
        return connections
                .secrets()
                .orElseThrow(() -> new CheckSkipped("the secret store does not open (see vault.unsealed)"));
    }
}

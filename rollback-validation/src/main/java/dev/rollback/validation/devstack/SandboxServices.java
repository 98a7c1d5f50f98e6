package dev.rollback.validation.devstack;

import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackListener;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import dev.rollback.validation.probe.HostPort;
import dev.rollback.validation.sandbox.ServerClasspath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The sandbox's containers on an engine: the first start (Vault initialised and unsealed, secrets and AppRoles
 * written, {@code VAULT_TOKEN} set in {@code .env} for root-token auth, then every service of the {@code standard}
 * profile and the reference API, the Redis cluster formed), commands inside containers, and the end.
 *
 * <p>{@code SandboxServices s = sandbox.services(runtime); s.start(System.out::println); ... s.down();}
 */
public final class SandboxServices {
    /** The services started besides Vault: {@code standard}, and the reference API outside COMPOSE_PROFILES. */
    public static final List<String> STARTED = List.of(
            "postgres",
            "pgbouncer",
            "mysql",
            "mongodb",
            "redis-1",
            "redis-2",
            "redis-3",
            "rabbitmq",
            "forgejo",
            "reference-api");

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private final DevStackSandbox sandbox;
    private final ContainerRuntime runtime;

    SandboxServices(DevStackSandbox sandbox, ContainerRuntime runtime) {
        this.sandbox = sandbox;
        this.runtime = runtime;
    }

    /** The first start; {@code log} hears one line per stage. */
    public void start(Consumer<String> log) {
        ServerClasspath.of(
                        ServerClasspath.VAULT_SERVER,
                        ServerClasspath.MONGO_SERVER,
                        ServerClasspath.MONGO_SHELL,
                        ServerClasspath.HTTP_STAND_IN)
                .materialize(sandbox.lib());
        Environment env = sandbox.environment();
        runtime.recreate(env, List.of("vault"), List.of());
        SandboxVault vault = vault();
        vault.awaitApi(Duration.ofSeconds(60));
        vault.initialise(sandbox.keyDir());
        vault.unseal(sandbox.keyDir());
        vault.writeSecrets(sandbox.secrets().secrets());
        vault.setUpAppRoles(sandbox.keyDir());
        sandbox.setEnv("VAULT_TOKEN", root());
        log.accept("vault: initialised, unsealed, secrets and AppRoles written");
        env = sandbox.environment();
        runtime.recreate(env, STARTED, List.of());
        awaitHealthy(env, STARTED);
        log.accept("services healthy: " + String.join(", ", STARTED));
        formRedisCluster();
        log.accept("redis: cluster of " + String.join(", ", DevStackSandbox.REDIS_NODES) + " formed");
    }

    /** A client of the sandbox's Vault on this host (its published port). */
    SandboxVault vault() {
        SandboxVault v = new SandboxVault("http://127.0.0.1:" + sandbox.env("VAULT_HOST_PORT"));
        return Files.isRegularFile(sandbox.keyDir().resolve("root-token")) ? v.withToken(root()) : v;
    }

    /** Whether the sandbox's Vault says it is sealed (an error when it does not answer). */
    public boolean vaultSealed() {
        return vault().sealed();
    }

    /** The root token of the key directory. */
    String root() {
        try {
            return Files.readString(sandbox.keyDir().resolve("root-token")).strip();
        } catch (IOException e) {
            throw new RollbackException("the sandbox's key directory has no root-token: " + e.getMessage(), e);
        }
    }

    /** Waits for services to be healthy (Docker's health), at most three minutes each. */
    public void awaitHealthy(Environment env, List<String> services) {
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        services.forEach(s -> timeouts.put(s, START_TIMEOUT));
        runtime.awaitHealthy(env, timeouts, RollbackListener.NONE);
    }

    /** Forms the Redis cluster of the three nodes at their fixed addresses, as a fresh DevStack Core does. */
    void formRedisCluster() {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        String net = sandbox.env("SANDBOX_NET");
        cmd.addAll(List.of(net + ".2.13:6379", net + ".2.16:6379", net + ".2.17:6379", "--cluster-yes"));
        ExecResult r = exec("redis-1", redisAuth("redis-1"), cmd.toArray(String[]::new));
        if (!r.succeeded()) {
            throw new RollbackException("redis: the cluster could not be formed: " + r.stdout() + r.stderr());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (String node : DevStackSandbox.REDIS_NODES) {
            while (!exec(node, redisAuth(node), "redis-cli", "cluster", "info")
                    .stdout()
                    .contains("cluster_state:ok")) {
                if (System.nanoTime() - deadline > 0) {
                    throw new RollbackException("redis: " + node + " does not report cluster_state:ok after 30 s");
                }
                SandboxVault.sleep(200);
            }
        }
    }

    /** {@code REDISCLI_AUTH} of a node, for commands run in its container. */
    public Map<String, String> redisAuth(String node) {
        return Map.of("REDISCLI_AUTH", sandbox.secrets().field(node, "password"));
    }

    /** Runs a command in a service's container; its environment carries passwords, never its arguments. */
    public ExecResult exec(String service, Map<String, String> environment, String... command) {
        return runtime.exec(
                sandbox.environment(),
                service,
                ExecRequest.of(command).withEnvironment(environment).withTimeout(Duration.ofMinutes(2)));
    }

    /** {@link #exec} with bytes on the command's stdin. */
    ExecResult runtimeExec(
            String service, Map<String, String> environment, InputStream stdin, long length, String... command) {
        return runtime.exec(
                sandbox.environment(),
                service,
                ExecRequest.of(command)
                        .withEnvironment(environment)
                        .withStdin(stdin, length)
                        .withTimeout(Duration.ofMinutes(2)));
    }

    /** Like {@link #exec}, an error with its output when it fails; its stdout otherwise. */
    public String run(String service, Map<String, String> environment, String... command) {
        ExecResult r = exec(service, environment, command);
        if (!r.succeeded()) {
            throw new RollbackException(service + ": " + command[0] + " failed with exit code " + r.exitCode() + ": "
                    + (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip());
        }
        return r.stdout();
    }

    /** A command's whole stdout (not only the first 64 KiB an exec collects); an error when it fails. */
    public String output(String service, Map<String, String> environment, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecResult r = runtime.exec(
                sandbox.environment(),
                service,
                ExecRequest.of(command)
                        .withEnvironment(environment)
                        .withOutput(out, err)
                        .withTimeout(Duration.ofMinutes(5)));
        if (!r.succeeded()) {
            throw new RollbackException(service + ": " + command[0] + " failed with exit code " + r.exitCode() + ": "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The service's container as the engine reports it. */
    public Optional<ContainerStatus> status(String service) {
        return runtime.list(sandbox.environment()).stream()
                .filter(c -> c.service().equals(service))
                .findFirst();
    }

    /** Container ids by service: which containers a run recreated. */
    public Map<String, String> containerIds() {
        Map<String, String> out = new LinkedHashMap<>();
        runtime.list(sandbox.environment()).forEach(c -> out.put(c.service(), c.id()));
        return out;
    }

    /** Where this host reaches a service's port: its published port, else its container's address. */
    public String address(String service, int port) {
        return HostPort.of(runtime, sandbox.environment(), service, port)
                .orElseThrow(() -> new RollbackException(service + " has neither a published port nor an address"));
    }

    /**
     * Recreates Vault and every started service as they are now, without waiting for any of them: Vault, then the
     * services whose dependencies are all outside the batch, then the rest (compose, given a service and one it
     * depends on in one command, would wait on that one's health, and fail when it crashes).
     */
    public void recreateAll() {
        Environment env = sandbox.environment();
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (String s : STARTED) {
            boolean waits = env.catalog().require(s).dependsOn().stream().anyMatch(STARTED::contains);
            (waits ? second : first).add(s);
        }
        for (List<String> batch : List.of(List.of("vault"), first, second)) {
            runtime.recreate(env, batch, List.of());
        }
    }

    /** Starts services' existing containers again. */
    public void start(List<String> services) {
        runtime.start(sandbox.environment(), services);
    }

    /** Stops services (their containers stay). */
    public void stop(List<String> services) {
        runtime.stop(sandbox.environment(), services, Duration.ofSeconds(10));
    }

    /** The services of the compose file, by name. */
    public List<String> declared() {
        return sandbox.environment().catalog().services().stream()
                .map(ServiceDefinition::name)
                .toList();
    }

    /** Removes the containers, networks and volumes. */
    public void down() {
        runtime.down(sandbox.environment(), true);
    }
}

package dev.rollback.databases.backup;

import dev.rollback.databases.ContainerCommandRunner;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.LocalCommandRunner;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.env.ServiceOverride;
import dev.rollback.env.Target;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.SecretStore;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the database services of an {@link Environment} into {@link DatabaseTarget}s: the engine from the catalog,
 * the login from the secret store ({@code secret/<service>}) or else from the service's compose environment, and
 * where it is reached:
 * <ul>
 *   <li>{@link Target#LOCAL}: {@code rollback.yaml}'s {@code services.<name>.host/port}, else 127.0.0.1 and the
 *       engine's default port; tools run as host processes;</li>
 *   <li>{@link Target#DOCKER}: drivers connect to the port the service's container publishes on this host
 *       ({@link ContainerRuntime#publishedPort}), else to the container's own address on its compose network when
 *       this host reaches it (a local engine; many compose projects publish no database port); the engine's tools
 *       run inside that container ({@link ContainerCommandRunner}).</li>
 * </ul>
 * Redis nodes started with {@code --cluster-enabled yes} that share a config directory form one cluster: one
 * {@link DatabaseUnit} named after the first node, whose target carries every node in the {@code nodes} option
 * ({@code h1:p1,h2:p2,h3:p3}) the Redis adapter reads.
 *
 * <p>{@code DatabaseTarget pg = EnvironmentTargets.of(ctx).target("postgres");}
 *
 * <p>Compose-environment fallbacks, when no store answers or it has no {@code secret/<service>}: PostgreSQL
 * {@code POSTGRES_USER} (default {@code postgres}) / {@code POSTGRES_PASSWORD}; MySQL {@code root} with
 * {@code MYSQL_ROOT_PASSWORD} or {@code MARIADB_ROOT_PASSWORD}; MongoDB {@code MONGO_INITDB_ROOT_USERNAME} /
 * {@code MONGO_INITDB_ROOT_PASSWORD}; RabbitMQ {@code RABBITMQ_DEFAULT_USER} / {@code RABBITMQ_DEFAULT_PASS}
 * (default guest/guest) and the vhost {@code RABBITMQ_DEFAULT_VHOST} (from Vault: {@code vhost}); Redis
 * {@code --requirepass} in its command or {@code REDIS_PASSWORD}. {@code *_FILE} variants are not read (the file is
 * inside the container).
 */
public final class EnvironmentTargets {
    /** The RabbitMQ management API's port inside its container. */
    static final int RABBITMQ_MANAGEMENT_PORT = 15672;

    private static final Set<ServiceKind> DATABASES = Set.of(
            ServiceKind.POSTGRES, ServiceKind.MYSQL, ServiceKind.MONGODB, ServiceKind.REDIS, ServiceKind.RABBITMQ);
    private final Environment env;
    private final Optional<ContainerRuntime> runtime;
    private final Optional<SecretStore> secrets;
    private final Map<String, List<String>> scopes;
    private final Duration connectTimeout;

    public EnvironmentTargets(Environment env, Optional<ContainerRuntime> runtime, Optional<SecretStore> secrets) {
        this(env, runtime, secrets, Map.of(), Duration.ofSeconds(5));
    }

    private EnvironmentTargets(
            Environment env,
            Optional<ContainerRuntime> runtime,
            Optional<SecretStore> secrets,
            Map<String, List<String>> scopes,
            Duration connectTimeout) {
        this.env = env;
        this.runtime = runtime;
        this.secrets = secrets;
        this.scopes = Map.copyOf(scopes);
        this.connectTimeout = connectTimeout;
    }

    /** The targets of the context's environment, with its engine and secret store. */
    public static EnvironmentTargets of(BackupContext ctx) {
        return new EnvironmentTargets(ctx.environment(), ctx.runtime(), ctx.secrets());
    }

    /**
     * Limits a service's dumps, restores and fingerprints to some databases, key patterns or vhosts
     * ({@link DatabaseTarget#scope()}); by default everything the engine holds.
     */
    public EnvironmentTargets withScopes(Map<String, List<String>> serviceScopes) {
        return new EnvironmentTargets(env, runtime, secrets, serviceScopes, connectTimeout);
    }

    /** How long a connection may take (default 5 s). */
    public EnvironmentTargets withConnectTimeout(Duration timeout) {
        return new EnvironmentTargets(env, runtime, secrets, scopes, timeout);
    }

    public Environment environment() {
        return env;
    }

    /**
     * The database services active in the environment's profiles that have an adapter on the class path, in
     * catalog order; a Redis cluster is one unit.
     */
    public List<DatabaseUnit> units() {
        List<ServiceDefinition> active = env.catalog().activeIn(env.activeProfiles()).stream()
                .filter(s -> DATABASES.contains(s.kind())
                        && DatabaseAdapters.forKind(s.kind()).isPresent())
                .toList();
        Map<String, List<String>> clusters = new LinkedHashMap<>();
        for (ServiceDefinition s : active) {
            if (s.kind() == ServiceKind.REDIS && clusterEnabled(s)) {
                clusters.computeIfAbsent(s.configDir().orElse(""), k -> new ArrayList<>())
                        .add(s.name());
            }
        }
        List<DatabaseUnit> out = new ArrayList<>();
        for (ServiceDefinition s : active) {
            if (s.kind() == ServiceKind.REDIS && clusterEnabled(s)) {
                List<String> nodes = clusters.get(s.configDir().orElse(""));
                if (nodes.get(0).equals(s.name())) {
                    out.add(new DatabaseUnit(s.name(), s.kind(), nodes));
                }
            } else {
                out.add(new DatabaseUnit(s.name(), s.kind(), List.of(s.name())));
            }
        }
        return out;
    }

    /** The unit recorded under {@code service}, or the cluster covering that node. */
    public Optional<DatabaseUnit> unit(String service) {
        List<DatabaseUnit> all = units();
        return all.stream()
                .filter(u -> u.service().equals(service))
                .findFirst()
                .or(() -> all.stream().filter(u -> u.covers(service)).findFirst());
    }

    /**
     * The live target of a database service (a Redis node gives its cluster's target); an error naming the active
     * database services when it is none of them.
     */
    public DatabaseTarget target(String service) {
        return target(unit(service)
                .orElseThrow(() -> new RollbackException("'" + service + "' is not an active"
                        + " database service of " + env.projectName() + " with an adapter; those are: "
                        + units().stream().map(DatabaseUnit::service).toList())));
    }

    /** The live target of a unit: where this host reaches it, the login, and where its tools run. */
    public DatabaseTarget target(DatabaseUnit unit) {
        ServiceDefinition s = env.catalog().require(unit.service());
        DatabaseTarget.Builder b = login(unit, s);
        int containerPort = containerPort(s);
        Map<String, String> options =
                new HashMap<>(override(s.name()).map(ServiceOverride::options).orElse(Map.of()));
        if (env.target() == Target.LOCAL) {
            b.host(override(s.name()).flatMap(ServiceOverride::host).orElse("127.0.0.1"));
            b.port(override(s.name()).flatMap(ServiceOverride::port).orElse(containerPort));
            b.runner(new LocalCommandRunner());
            if (unit.cluster()) {
                List<String> nodes = new ArrayList<>();
                for (String node : unit.members()) {
                    ServiceDefinition n = env.catalog().require(node);
                    nodes.add(override(node).flatMap(ServiceOverride::host).orElse("127.0.0.1") + ":"
                            + override(node).flatMap(ServiceOverride::port).orElse(containerPort(n)));
                }
                options.put("nodes", String.join(",", nodes));
            }
        } else {
            ContainerRuntime rt = runtime.orElseThrow(() -> new RollbackException("service " + s.name() + ": no"
                    + " Docker engine answers, so its database cannot be reached; start dockerd or set DOCKER_HOST"));
            String host = override(s.name()).flatMap(ServiceOverride::host).orElse("127.0.0.1");
            Endpoint main = reach(rt, s.name(), host, containerPort);
            b.host(main.host());
            b.port(main.port());
            b.runner(new ContainerCommandRunner(rt, env, s.name(), containerPort));
            options.put("nodeServices", String.join(",", unit.members())); // in the order of the nodes option
            if (s.kind() == ServiceKind.RABBITMQ) {
                Optional<Integer> published = rt.publishedPort(env, s.name(), RABBITMQ_MANAGEMENT_PORT);
                if (published.isPresent()) {
                    options.put("managementPort", Integer.toString(published.get()));
                } else if (main.direct()) {
                    options.put("managementPort", Integer.toString(RABBITMQ_MANAGEMENT_PORT));
                }
            }
            if (unit.cluster()) {
                List<String> nodes = new ArrayList<>();
                List<String> peers = new ArrayList<>();
                for (String node : unit.members()) {
                    int port = containerPort(env.catalog().require(node));
                    nodes.add(reach(rt, node, host, port).toString());
                    rt.networkAddress(env, node).ifPresent(ip -> peers.add(ip + ":" + port));
                }
                options.put("nodes", String.join(",", nodes));
                if (peers.size() == nodes.size()) {
                    options.put("clusterAddresses", String.join(",", peers)); // where the nodes meet each other
                }
            }
        }
        return b.options(options).build();
    }

    /**
     * The unit's login and scope, without asking anything of the engine: what a scratch copy of the service
     * needs (127.0.0.1 and the engine's default port stand in for its address).
     */
    public DatabaseTarget login(DatabaseUnit unit) {
        return login(unit, env.catalog().require(unit.service())).build();
    }

    /** The port the engine listens on inside its container (Redis: its {@code --port}). */
    static int containerPort(ServiceDefinition s) {
        List<String> cmd = s.command();
        for (int i = 0; i + 1 < cmd.size(); i++) {
            if (s.kind() == ServiceKind.REDIS && cmd.get(i).equals("--port")) {
                try {
                    return Integer.parseInt(cmd.get(i + 1).strip());
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return defaultPort(s.kind());
    }

    static int defaultPort(ServiceKind kind) {
        return switch (kind) {
            case POSTGRES -> 5432;
            case MYSQL -> 3306;
            case MONGODB -> 27017;
            case REDIS -> 6379;
            case RABBITMQ -> 5672;
            default -> throw new IllegalArgumentException(kind + " is not a database");
        };
    }

    static boolean clusterEnabled(ServiceDefinition s) {
        List<String> cmd = s.command();
        for (int i = 0; i + 1 < cmd.size(); i++) {
            if (cmd.get(i).equals("--cluster-enabled") && cmd.get(i + 1).strip().equalsIgnoreCase("yes")) {
                return true;
            }
        }
        return false;
    }

    private DatabaseTarget.Builder login(DatabaseUnit unit, ServiceDefinition s) {
        DatabaseTarget.Builder b = DatabaseTarget.custom(unit.service(), s.kind())
                .connectTimeout(connectTimeout)
                .scope(scopes.getOrDefault(unit.service(), List.of()));
        String path = "secret/" + unit.service();
        if (secrets.isPresent() && secrets.get().read(path).isPresent()) {
            return b.credentialsFrom(secrets.get());
        }
        Map<String, String> e = s.environment();
        switch (s.kind()) {
            case POSTGRES -> {
                b.user(nonEmpty(e.get("POSTGRES_USER")).orElse("postgres"));
                nonEmpty(e.get("POSTGRES_PASSWORD")).ifPresent(b::password);
            }
            case MYSQL -> {
                b.user("root");
                nonEmpty(e.get("MYSQL_ROOT_PASSWORD"))
                        .or(() -> nonEmpty(e.get("MARIADB_ROOT_PASSWORD")))
                        .ifPresent(b::password);
            }
            case MONGODB -> {
                nonEmpty(e.get("MONGO_INITDB_ROOT_USERNAME")).ifPresent(b::user);
                nonEmpty(e.get("MONGO_INITDB_ROOT_PASSWORD")).ifPresent(b::password);
            }
            case RABBITMQ -> {
                b.user(nonEmpty(e.get("RABBITMQ_DEFAULT_USER")).orElse("guest"));
                b.password(nonEmpty(e.get("RABBITMQ_DEFAULT_PASS")).orElse("guest"));
                nonEmpty(e.get("RABBITMQ_DEFAULT_VHOST")).ifPresent(b::database);
            }
            case REDIS ->
                requirePass(s).or(() -> nonEmpty(e.get("REDIS_PASSWORD"))).ifPresent(b::password);
            default -> {}
        }
        return b;
    }

    private static Optional<String> requirePass(ServiceDefinition s) {
        List<String> cmd = s.command();
        for (int i = 0; i + 1 < cmd.size(); i++) {
            if (cmd.get(i).equals("--requirepass")) {
                return nonEmpty(cmd.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** Where this host reaches a service's port; {@code direct} when it is the container's own address. */
    record Endpoint(String host, int port, boolean direct) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * The best path from this host to a service's port, as the runbook's {@code docker compose exec} never needs one:
     * the port its container publishes on this host; else the container's own address on its compose network when
     * this host reaches it (an engine on this Linux host); else an error saying what was tried and what to do.
     */
    Endpoint reach(ContainerRuntime rt, String service, String host, int containerPort) {
        Optional<Integer> port = rt.publishedPort(env, service, containerPort);
        if (port.isPresent()) {
            return new Endpoint(host, port.get(), false);
        }
        // a stopped container has neither port bindings nor an address: say that rather than "publish one"
        Optional<ContainerStatus> c =
                rt.list(env).stream().filter(st -> st.service().equals(service)).findFirst();
        if (c.isPresent() && !"running".equals(c.get().state())) {
            throw new RollbackException("service " + service + " is not running (its container "
                    + c.get().containerName() + " is " + c.get().state() + "); start it: docker compose start "
                    + service);
        }
        Optional<String> address = rt.networkAddress(env, service);
        if (address.isPresent() && reachable(address.get(), containerPort)) {
            return new Endpoint(address.get(), containerPort, true);
        }
        throw new RollbackException("service " + service + " publishes no host port for its port " + containerPort
                + (address.isPresent()
                        ? " and its container's address " + address.get() + " is not reachable from this"
                                + " host (an engine in a VM, or a remote DOCKER_HOST)"
                        : " and its container has no network address")
                + ", so drivers on this host cannot reach it; publish one in the compose file (ports: [\"127.0.0.1::"
                + containerPort + "\"])");
    }

    /**
     * Whether this host reaches the address: a connection, or a refused one (the host answered: the server is not
     * listening yet, as a database that is still starting), counts; a timeout or no route does not.
     */
    private boolean reachable(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) Math.min(connectTimeout.toMillis(), 1000));
            return true;
        } catch (ConnectException e) {
            return String.valueOf(e.getMessage()).contains("refused");
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<ServiceOverride> override(String service) {
        return Optional.ofNullable(env.config().services().get(service));
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}

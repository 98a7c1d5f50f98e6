package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackListener;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStats;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import dev.rollback.spi.HealthOutcome;
import dev.rollback.spi.ScratchContainer;
import dev.rollback.spi.ScratchSpec;
import dev.rollback.spi.VolumeStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link ContainerRuntime} on a Docker engine: finds a compose project's containers by their labels, stops and
 * starts them, recreates them through the compose CLI, waits for health on the engine's events, runs commands in
 * them and samples their resource use.
 *
 * <p>{@code try (DockerRuntime docker = DockerRuntime.require(Duration.ofSeconds(2))) { docker.awaitHealthy(env, Map.of("db", ofSeconds(60)), RollbackListener.NONE); }}
 */
public final class DockerRuntime implements ContainerRuntime, VolumeStore {
    /** The label compose puts the project name in. */
    public static final String PROJECT_LABEL = ServiceContainers.PROJECT_LABEL;
    /** The label compose puts the service name in. */
    public static final String SERVICE_LABEL = ServiceContainers.SERVICE_LABEL;

    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STATS_TIMEOUT = Duration.ofSeconds(15);

    private final DockerClientConfig config;
    private final Duration connectTimeout;
    private final DockerClient client;
    private final DockerClient streams;
    private final Map<String, String> composeEnvironment;
    private final ServiceContainers containers;
    private ComposeCli compose;

    DockerRuntime(DockerClientConfig config, Duration connectTimeout, Map<String, String> composeEnvironment) {
        this.config = config;
        this.connectTimeout = connectTimeout;
        this.client = DockerClients.open(config, connectTimeout, RESPONSE_TIMEOUT);
        this.streams = DockerClients.open(config, connectTimeout, null);
        this.composeEnvironment = Map.copyOf(composeEnvironment);
        this.containers = new ServiceContainers(client);
    }

    /**
     * Connects to the engine of {@code DOCKER_HOST} (or the docker context, or the default socket); empty when it
     * does not answer a ping within {@code timeout}.
     */
    public static Optional<DockerRuntime> connect(Duration timeout) {
        try {
            return Optional.of(require(timeout));
        } catch (RollbackException e) {
            return Optional.empty();
        }
    }

    /**
     * Like {@link #connect(Duration)}, but an engine that does not answer is a {@link RollbackException} saying
     * where it looked and how to start it or point {@code DOCKER_HOST} at one.
     *
     * <p>{@code DockerRuntime docker = DockerRuntime.require(Duration.ofSeconds(2));}
     */
    public static DockerRuntime require(Duration timeout) {
        return open(DockerClients.defaultConfig(), timeout, Map.of());
    }

    /**
     * Connects to the engine {@code config} names (see {@link DockerClients#configFor(String)}); the compose CLI
     * is pointed at the same engine.
     *
     * <p>{@code DockerRuntime.require(DockerClients.configFor("tcp://build-host:2376"), Duration.ofSeconds(3))}
     */
    public static DockerRuntime require(DockerClientConfig config, Duration timeout) {
        return open(
                config, timeout, Map.of("DOCKER_HOST", config.getDockerHost().toString()));
    }

    private static DockerRuntime open(DockerClientConfig config, Duration timeout, Map<String, String> composeEnv) {
        try (DockerClient probe = DockerClients.open(config, timeout, timeout)) {
            probe.pingCmd().exec();
        } catch (IOException | RuntimeException e) {
            throw new RollbackException(
                    "no Docker engine answers at " + config.getDockerHost() + " within "
                            + timeout.toMillis() / 1000.0 + " s ("
                            + EngineCalls.firstLine(String.valueOf(e.getMessage())) + "); "
                            + EngineCalls.START_ENGINE,
                    e);
        }
        return new DockerRuntime(config, timeout, composeEnv);
    }

    @Override
    public String describe() {
        Version v = EngineCalls.call(
                "read the engine version", () -> client.versionCmd().exec());
        return "docker " + v.getVersion() + ", API " + v.getApiVersion();
    }

    @Override
    public List<ContainerStatus> list(Environment env) {
        return list(env.projectName());
    }

    /** The containers (running or not) labelled with compose project {@code projectName}, by service and name. */
    public List<ContainerStatus> list(String projectName) {
        List<ContainerStatus> result = new ArrayList<>();
        for (ServiceContainers.Found f : containers.all(projectName)) {
            result.add(new ContainerStatus(f.service(), f.name(), f.id(), f.image(), f.state(), health(f.id())));
        }
        return result;
    }

    /**
     * The catalog's services that have no container in the project (never created, or removed), in catalog order.
     *
     * <p>{@code docker.missing(env) // [mongodb]: create it with compose up -d mongodb}
     */
    public List<String> missing(Environment env) {
        return containers.missing(env);
    }

    @Override
    public void stop(Environment env, List<String> services, Duration timeout) {
        int seconds = (int) Math.max(0, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
        Duration response = RESPONSE_TIMEOUT.compareTo(timeout.plusSeconds(30)) > 0 ? null : timeout.plusSeconds(30);
        containers
                .require(env, services)
                .forEach((service, list) -> list.forEach(c -> withResponseTimeout(
                        response,
                        docker -> EngineCalls.call(
                                "stop service '" + service + "' (" + c.name() + ")",
                                () -> ignoringNotModified(() -> docker.stopContainerCmd(c.id())
                                        .withTimeout(seconds)
                                        .exec())))));
    }

    @Override
    public void start(Environment env, List<String> services) {
        containers
                .require(env, services)
                .forEach((service, list) -> list.forEach(c -> EngineCalls.call(
                        "start service '" + service + "' (" + c.name() + ")",
                        () -> ignoringNotModified(
                                () -> client.startContainerCmd(c.id()).exec()))));
    }

    /**
     * Restarts the services' containers (stop with {@code timeout}, then start), like {@code docker restart}.
     *
     * <p>{@code docker.restart(env, List.of("redis-1"), Duration.ofSeconds(10));}
     */
    public void restart(Environment env, List<String> services, Duration timeout) {
        int seconds = (int) Math.max(0, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
        Duration response = RESPONSE_TIMEOUT.compareTo(timeout.plusSeconds(30)) > 0 ? null : timeout.plusSeconds(30);
        containers
                .require(env, services)
                .forEach((service, list) -> list.forEach(c -> withResponseTimeout(
                        response,
                        docker -> EngineCalls.call(
                                "restart service '" + service + "' (" + c.name() + ")",
                                () -> docker.restartContainerCmd(c.id())
                                        .withTimeout(seconds)
                                        .exec()))));
    }

    /** Runs {@code docker compose up -d --no-deps --force-recreate} (or v1's {@code docker-compose}); see the SPI. */
    @Override
    public void recreate(Environment env, List<String> services, List<Path> overrides) {
        if (services.isEmpty()) {
            throw new RollbackException("recreate needs at least one service (an empty list would recreate them all)");
        }
        for (Path o : overrides) {
            if (!Files.isRegularFile(env.projectDir().resolve(o))) {
                throw new RollbackException("compose override file " + o + " does not exist");
            }
        }
        compose().recreate(env, services, overrides);
    }

    @Override
    public boolean hasImage(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public void down(Environment env, boolean volumes) {
        compose().down(env, volumes);
    }

    @Override
    public Map<String, HealthOutcome> awaitHealthy(
            Environment env, Map<String, Duration> timeouts, RollbackListener progress) {
        return new HealthWaiter(client, streams, connectTimeout.plusSeconds(5))
                .await(env, timeouts, progress == null ? RollbackListener.NONE : progress);
    }

    /**
     * Runs the command in the service's running container. Stdin must be length-delimited: the engine never
     * delivers end-of-file through exec, so exactly {@code stdinLength} bytes are sent and the command has to read
     * exactly that many, e.g. {@code sh -c 'head -c 1048576 | mysql ...'}.
     */
    @Override
    public ExecResult exec(Environment env, String service, ExecRequest request) {
        ServiceContainers.Found c = running(env, service, "run " + firstWord(request));
        return new ContainerExec(client, streams).run(service, c.id(), request);
    }

    @Override
    public Optional<ContainerStats> stats(Environment env, String service) {
        ServiceContainers.Found c = containers.require(env, service);
        if (!"running".equals(state(c.id()))) {
            return Optional.empty();
        }
        return new StatsSampler(streams, STATS_TIMEOUT).sample(service, c.id());
    }

    /** The service's log since {@code since}, from its first container; empty when the service has none. */
    @Override
    public List<String> logs(Environment env, String service, Instant since, int maxLines) {
        List<ServiceContainers.Found> found = containers.all(env.projectName()).stream()
                .filter(c -> c.service().equals(service))
                .toList();
        if (found.isEmpty()) {
            return List.of();
        }
        return new ContainerLogs(streams, STATS_TIMEOUT)
                .read(service, found.get(0).id(), since, maxLines);
    }

    /** The networks labelled with the project's name, as compose creates them. */
    @Override
    public List<String> networks(Environment env) {
        return EngineCalls.call(
                        "list the networks of compose project " + env.projectName(),
                        () -> client.listNetworksCmd()
                                .withFilter("label", List.of("com.docker.compose.project=" + env.projectName()))
                                .exec())
                .stream()
                .map(n -> n.getName())
                .sorted()
                .toList();
    }

    /**
     * The host port the service's container publishes {@code containerPort} on, from the engine's inspect of it
     * ({@code NetworkSettings.Ports}); empty when it publishes none for that port. An IPv4 binding is preferred.
     */
    @Override
    public Optional<Integer> publishedPort(Environment env, String service, int containerPort) {
        return published(inspect(env, service), containerPort);
    }

    private InspectContainerResponse inspect(Environment env, String service) {
        ServiceContainers.Found c = containers.require(env, service);
        return EngineCalls.call(
                "inspect the container of service '" + service + "'",
                () -> client.inspectContainerCmd(c.id()).exec());
    }

    @Override
    public Optional<String> networkAddress(Environment env, String service) {
        InspectContainerResponse r = inspect(env, service);
        if (r.getNetworkSettings() == null || r.getNetworkSettings().getNetworks() == null) {
            return Optional.empty();
        }
        return r.getNetworkSettings().getNetworks().values().stream()
                .map(n -> n.getIpAddress())
                .filter(ip -> ip != null && !ip.isBlank())
                .findFirst();
    }

    /** Starts a throwaway container labelled {@code dev.rollback.scratch}; see the SPI. */
    @Override
    public ScratchContainer startScratch(ScratchSpec spec) {
        return DockerScratch.start(client, streams, spec);
    }

    static Optional<Integer> published(InspectContainerResponse r, int containerPort) {
        if (r.getNetworkSettings() == null || r.getNetworkSettings().getPorts() == null) {
            return Optional.empty();
        }
        Ports.Binding[] bindings =
                r.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(containerPort));
        if (bindings == null) {
            return Optional.empty();
        }
        Optional<Integer> any = Optional.empty();
        for (Ports.Binding b : bindings) {
            Optional<Integer> port = parsePort(b.getHostPortSpec());
            if (port.isPresent() && (b.getHostIp() == null || !b.getHostIp().contains(":"))) {
                return port;
            }
            any = any.isPresent() ? any : port;
        }
        return any;
    }

    private static Optional<Integer> parsePort(String spec) {
        try {
            return spec == null || spec.isBlank() ? Optional.empty() : Optional.of(Integer.parseInt(spec.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Copies a file or directory into the service's container (created or running) under {@code containerDir},
     * keeping its mode: for payloads too large or too binary for exec stdin.
     *
     * <p>{@code docker.copyToContainer(env, "postgres", dumpFile, "/tmp")}
     */
    public void copyToContainer(Environment env, String service, Path hostPath, String containerDir) {
        if (!Files.exists(hostPath)) {
            throw new RollbackException(
                    "cannot copy " + hostPath + " into service '" + service + "': it does not exist");
        }
        ServiceContainers.Found c = containers.require(env, service);
        EngineCalls.run(
                "copy " + hostPath.getFileName() + " into service '" + service + "' at " + containerDir,
                () -> client.copyArchiveToContainerCmd(c.id())
                        .withHostResource(hostPath.toString())
                        .withRemotePath(containerDir)
                        .exec());
    }

    /**
     * Extracts a tar stream into the service's container under {@code containerDir} ({@code docker cp - }).
     *
     * <p>{@code docker.copyArchiveToContainer(env, "vault", tarStream, "/vault/config")}
     */
    public void copyArchiveToContainer(Environment env, String service, InputStream tar, String containerDir) {
        ServiceContainers.Found c = containers.require(env, service);
        EngineCalls.run(
                "copy an archive into service '" + service + "' at " + containerDir,
                () -> client.copyArchiveToContainerCmd(c.id())
                        .withTarInputStream(tar)
                        .withRemotePath(containerDir)
                        .exec());
    }

    @Override
    public boolean volumeExists(String name) {
        return volumes().exists(name);
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        volumes().create(name, labels);
    }

    @Override
    public void removeVolume(String name) {
        volumes().remove(name);
    }

    @Override
    public Prepared prepareArchives(List<String> names) {
        return volumes().prepare(names);
    }

    @Override
    public void archiveVolume(String name, OutputStream out) {
        volumes().archive(name, out);
    }

    @Override
    public void restoreVolume(String name, InputStream tar) {
        volumes().restore(name, tar);
    }

    @Override
    public void replaceVolume(String name, InputStream tar) {
        volumes().replace(name, tar);
    }

    @Override
    public void replaceVolumes(List<Replacement> list) {
        volumes().replaceAll(list, () -> VolumeStore.super.replaceVolumes(list));
    }

    @Override
    public List<String> runningUsers(String name) {
        return volumes().runningUsers(name);
    }

    private synchronized DockerVolumes volumes() {
        if (volumes == null) {
            Optional<UnixSocketHttp> unix = UnixSocketHttp.of(config.getDockerHost());
            volumesHttp = unix.isPresent() ? null : DockerClients.openHttp(config, connectTimeout);
            volumes = new DockerVolumes(streams, VolumeEngine.of(streams, volumesHttp, unix));
        }
        return volumes;
    }

    @Override
    public void close() {
        try {
            synchronized (this) {
                if (volumes != null) {
                    volumes.close();
                }
            }
            client.close();
            streams.close();
            if (volumesHttp != null) {
                volumesHttp.close();
            }
        } catch (IOException e) {
            throw new RollbackException("could not close the Docker client: " + e.getMessage(), e);
        }
    }

    private DockerVolumes volumes;
    private DockerHttpClient volumesHttp;

    private synchronized ComposeCli compose() {
        if (compose == null) {
            compose = ComposeCli.detect(composeEnvironment);
        }
        return compose;
    }

    private ServiceContainers.Found running(Environment env, String service, String what) {
        ServiceContainers.Found c = containers.require(env, service);
        String state = state(c.id());
        if (!"running".equals(state)) {
            throw new RollbackException("cannot " + what + " in service '" + service + "': its container " + c.name()
                    + " is " + state + ", not running; start it with: rollback service " + service
                    + " ... or docker compose start " + service);
        }
        return c;
    }

    private String state(String id) {
        InspectContainerResponse r = EngineCalls.call(
                "inspect container " + id, () -> client.inspectContainerCmd(id).exec());
        return r.getState() == null || r.getState().getStatus() == null
                ? "unknown"
                : r.getState().getStatus();
    }

    private Optional<String> health(String id) {
        try {
            InspectContainerResponse.ContainerState state =
                    client.inspectContainerCmd(id).exec().getState();
            HealthState health = state == null ? null : state.getHealth();
            return Optional.ofNullable(health).map(HealthState::getStatus);
        } catch (NotFoundException gone) {
            return Optional.empty(); // removed between list and inspect
        } catch (RuntimeException e) {
            throw new RollbackException(
                    "could not inspect container " + id + " on the Docker engine: " + e.getMessage(), e);
        }
    }

    /** Runs {@code call} on a client whose responses may take {@code response} (null: the usual client). */
    private <T> T withResponseTimeout(Duration response, Function<DockerClient, T> call) {
        if (response == null) {
            return call.apply(client);
        }
        try (DockerClient longer = DockerClients.open(config, connectTimeout, response)) {
            return call.apply(longer);
        } catch (IOException e) {
            throw new RollbackException("could not close a Docker client: " + e.getMessage(), e);
        }
    }

    private static Void ignoringNotModified(Runnable call) {
        try {
            call.run();
        } catch (NotModifiedException alreadyThere) {
            // stopped already, or running already: nothing to do
        }
        return null;
    }

    private static String firstWord(ExecRequest r) {
        return r.command().isEmpty() ? "a command" : "'" + r.command().get(0) + "'";
    }
}

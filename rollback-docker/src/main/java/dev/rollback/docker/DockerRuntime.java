package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Version;
import dev.rollback.RollbackException;
import dev.rollback.env.Environment;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ContainerRuntime} on a Docker engine: finds a compose project's containers by their labels.
 *
 * <p>{@code try (DockerRuntime docker = DockerRuntime.connect(Duration.ofSeconds(2)).orElseThrow()) { docker.list("devstack"); }}
 */
public final class DockerRuntime implements ContainerRuntime {
    /** The label compose puts the project name in. */
    public static final String PROJECT_LABEL = "com.docker.compose.project";
    /** The label compose puts the service name in. */
    public static final String SERVICE_LABEL = "com.docker.compose.service";

    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final DockerClient client;

    DockerRuntime(DockerClient client) {
        this.client = client;
    }

    /**
     * Connects to the engine of {@code DOCKER_HOST} (or the default socket); empty when it does not answer a
     * ping within {@code timeout}.
     */
    public static Optional<DockerRuntime> connect(Duration timeout) {
        try (DockerClient probe = DockerClients.open(timeout, timeout)) {
            probe.pingCmd().exec();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(new DockerRuntime(DockerClients.open(timeout, RESPONSE_TIMEOUT)));
    }

    @Override
    public String describe() {
        Version v = call("read the engine version", () -> client.versionCmd().exec());
        return "docker " + v.getVersion() + ", API " + v.getApiVersion();
    }

    @Override
    public List<ContainerStatus> list(Environment env) {
        return list(env.projectName());
    }

    /** The containers (running or not) labelled with compose project {@code projectName}, by service and name. */
    public List<ContainerStatus> list(String projectName) {
        List<Container> containers = call("list the containers of compose project " + projectName,
            () -> client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(PROJECT_LABEL, projectName)).exec());
        List<ContainerStatus> result = new ArrayList<>();
        for (Container c : containers) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            result.add(new ContainerStatus(labels.getOrDefault(SERVICE_LABEL, ""), name(c), c.getId(), c.getImage(),
                c.getState(), health(c.getId())));
        }
        result.sort(Comparator.comparing(ContainerStatus::service).thenComparing(ContainerStatus::containerName));
        return result;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new RollbackException("could not close the Docker client: " + e.getMessage(), e);
        }
    }

    private Optional<String> health(String id) {
        try {
            InspectContainerResponse.ContainerState state = client.inspectContainerCmd(id).exec().getState();
            HealthState health = state == null ? null : state.getHealth();
            return Optional.ofNullable(health).map(HealthState::getStatus);
        } catch (NotFoundException gone) {
            return Optional.empty(); // removed between list and inspect
        } catch (RuntimeException e) {
            throw new RollbackException("could not inspect container " + id + " on the Docker engine: " + e.getMessage(), e);
        }
    }

    private static String name(Container c) {
        String[] names = c.getNames();
        if (names == null || names.length == 0) {
            return c.getId();
        }
        return names[0].startsWith("/") ? names[0].substring(1) : names[0];
    }

    private static <T> T call(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new RollbackException("could not " + what + " on the Docker engine: " + e.getMessage()
                + "; check that dockerd runs (scripts/setup-test-env.sh starts it) or set DOCKER_HOST", e);
        }
    }
}

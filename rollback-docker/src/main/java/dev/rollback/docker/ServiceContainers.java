package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.errors.RollbackException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a compose project's containers onto its services by the labels compose sets, never by names.
 *
 * <p>{@code new ServiceContainers(client).require(env, "mysql").id()}
 */
final class ServiceContainers {
    static final String PROJECT_LABEL = "com.docker.compose.project";
    static final String SERVICE_LABEL = "com.docker.compose.service";
    static final String NUMBER_LABEL = "com.docker.compose.container-number";
    static final String ONEOFF_LABEL = "com.docker.compose.oneoff";

    private final DockerClient client;

    ServiceContainers(DockerClient client) {
        this.client = client;
    }

    /** A service's container as the list call shows it. */
    record Found(String service, String id, String name, String image, String state) {}

    /** The project's service containers (not {@code compose run} one-offs), by service then container number. */
    List<Found> all(String project) {
        List<Container> containers = EngineCalls.call(
                "list the containers of compose project " + project,
                () -> client.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of(PROJECT_LABEL, project))
                        .exec());
        List<Found> found = new ArrayList<>();
        List<Container> sorted = new ArrayList<>(containers);
        sorted.sort(Comparator.comparing((Container c) -> label(c, SERVICE_LABEL))
                .thenComparingInt(ServiceContainers::number)
                .thenComparing(ServiceContainers::name));
        for (Container c : sorted) {
            if ("true".equalsIgnoreCase(label(c, ONEOFF_LABEL))) {
                continue;
            }
            found.add(new Found(label(c, SERVICE_LABEL), c.getId(), name(c), c.getImage(), c.getState()));
        }
        return found;
    }

    /** Per requested service, its containers; a service with none is an error naming it and how to create it. */
    Map<String, List<Found>> require(Environment env, List<String> services) {
        Objects.requireNonNull(services, "services");
        List<Found> all = all(env.projectName());
        Map<String, List<Found>> result = new LinkedHashMap<>();
        for (String service : services) {
            List<Found> mine =
                    all.stream().filter(f -> f.service().equals(service)).toList();
            if (mine.isEmpty()) {
                throw noContainer(env, service);
            }
            result.put(service, mine);
        }
        return result;
    }

    /** The service's first container (compose's number 1 when it is scaled). */
    Found require(Environment env, String service) {
        return require(env, List.of(service)).get(service).get(0);
    }

    /** Catalog services that have no container in the project, in catalog order. */
    List<String> missing(Environment env) {
        List<String> present =
                all(env.projectName()).stream().map(Found::service).toList();
        return env.catalog().services().stream()
                .map(ServiceDefinition::name)
                .filter(s -> !present.contains(s))
                .toList();
    }

    static RollbackException noContainer(Environment env, String service) {
        String known = env.catalog().find(service).isPresent()
                ? ""
                : " (it is not in the catalog either; known services: "
                        + String.join(
                                ", ",
                                env.catalog().services().stream()
                                        .map(ServiceDefinition::name)
                                        .toList()) + ")";
        return new RollbackException("service '" + service + "' has no container in compose project '"
                + env.projectName() + "'" + known + "; create it with: rollback service " + service
                + " ... or docker compose up -d " + service);
    }

    static String label(Container c, String key) {
        Map<String, String> labels = c.getLabels();
        return labels == null ? "" : labels.getOrDefault(key, "");
    }

    private static int number(Container c) {
        try {
            return Integer.parseInt(label(c, NUMBER_LABEL));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    static String name(Container c) {
        String[] names = c.getNames();
        if (names == null || names.length == 0) {
            return c.getId();
        }
        return names[0].startsWith("/") ? names[0].substring(1) : names[0];
    }
}

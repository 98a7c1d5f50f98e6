package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import dev.rollback.errors.RollbackException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The volume helpers' engine calls through docker-java, for an engine that is not on this host (TCP, TLS): its
 * archive streams go through the bare transport, which docker-java's command layer would pipe through a small buffer.
 *
 * <p>{@code new DockerJavaCalls(client, DockerClients.openHttp(config, timeout)).volumeExists("db_data")}
 */
final class DockerJavaCalls implements VolumeEngine {
    private final DockerClient client;
    private final DockerHttpClient http;

    DockerJavaCalls(DockerClient client, DockerHttpClient http) {
        this.client = client;
        this.http = http;
    }

    @Override
    public boolean local() {
        return false;
    }

    @Override
    public boolean volumeExists(String name) {
        return found(
                "inspect volume " + name, () -> client.inspectVolumeCmd(name).exec());
    }

    @Override
    public boolean imageExists(String image) {
        return found(
                "inspect image " + image, () -> client.inspectImageCmd(image).exec());
    }

    /** Whether the engine has what {@code inspect} asks for: false on its "not found", its other errors thrown. */
    private static boolean found(String what, Supplier<?> inspect) {
        try {
            EngineCalls.call(what, inspect);
            return true;
        } catch (RollbackException e) {
            if (e.getCause() instanceof NotFoundException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<String> run(String image, List<String> cmd, List<String> binds, Map<String, String> labels) {
        String id = null;
        try {
            id = client.createContainerCmd(image)
                    .withHostConfig(HostConfig.newHostConfig()
                            .withNetworkMode("none")
                            .withBinds(binds.stream().map(Bind::parse).toList()))
                    .withLabels(labels)
                    .withCmd(cmd)
                    .exec()
                    .getId();
            client.startContainerCmd(id).exec();
            return Optional.of(id);
        } catch (RuntimeException e) {
            if (id != null) {
                VolumeHelpers.remove(this, id); // refused: labelled with its owner, the sweep removes it
            }
            return Optional.empty();
        }
    }

    @Override
    public List<Listed> list(String key, String value) {
        return EngineCalls.call(
                        "list the containers labelled " + key + "=" + value,
                        () -> client.listContainersCmd()
                                .withShowAll(true)
                                .withLabelFilter(Map.of(key, value))
                                .exec())
                .stream()
                .map(DockerJavaCalls::listed)
                .toList();
    }

    private static Listed listed(Container c) {
        String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].substring(1) : c.getId();
        return new Listed(c.getId(), name, c.getLabels() == null ? Map.of() : c.getLabels());
    }

    @Override
    public boolean running(String id) {
        try {
            InspectContainerResponse.ContainerState s =
                    client.inspectContainerCmd(id).exec().getState();
            return s == null || !Boolean.FALSE.equals(s.getRunning());
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Override
    public int exitCode(String id) {
        InspectContainerResponse.ContainerState s = EngineCalls.call(
                        "inspect helper container " + id,
                        () -> client.inspectContainerCmd(id).exec())
                .getState();
        if (s == null || s.getExitCodeLong() == null) {
            throw new RollbackException("could not inspect helper container " + id + ": the engine gave no exit code");
        }
        return s.getExitCodeLong().intValue();
    }

    @Override
    public boolean remove(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).exec();
            return true;
        } catch (NotFoundException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public InputStream archive(String id, String path) throws IOException {
        Response r = http.execute(Request.builder()
                .method(Request.Method.GET)
                .path("/containers/" + id + "/archive?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
                .build());
        try {
            requireOk(r, "/containers/" + id + "/archive");
            return new FilterInputStream(r.getBody()) {
                @Override
                public void close() throws IOException {
                    r.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    @Override
    public void extract(String id, String path, InputStream tar) throws IOException {
        Request put = Request.builder()
                .method(Request.Method.PUT)
                .path("/containers/" + id + "/archive?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
                .putHeader("Content-Type", "application/x-tar")
                .body(tar)
                .build();
        try (Response r = http.execute(put)) {
            requireOk(r, "/containers/" + id + "/archive");
        }
    }

    private static void requireOk(Response r, String path) throws IOException {
        if (r.getStatusCode() / 100 != 2) {
            String body = new String(r.getBody().readNBytes(2000), StandardCharsets.UTF_8).strip();
            throw new RollbackException("the engine answered " + r.getStatusCode() + " to " + path + ": " + body);
        }
    }
}

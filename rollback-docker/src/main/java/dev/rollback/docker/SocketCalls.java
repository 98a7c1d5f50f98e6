package dev.rollback.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.rollback.errors.RollbackException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The volume helpers' engine calls made straight over the engine's unix socket: does a volume or an image exist,
 * create and start a helper container, is it still running, remove it, list the helpers a killed process left, and
 * the archive streams. A cold JVM's first calls through docker-java cost 30-100 ms each (its JSON mapping and
 * transport warming up), and its mapping of the engine's answers onto its model classes kept the JIT busy on the
 * other core while the first megabytes streamed; these take a few ms and read answers as plain JSON trees.
 *
 * <p>{@code new SocketCalls(UnixSocketHttp.of(host).orElseThrow()).volumeExists("devstack-core_postgres_data")}
 */
final class SocketCalls implements VolumeEngine {
    /** The JSON mapper, made on first use: the calls on the helper's start read no answer. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final UnixSocketHttp unix;

    SocketCalls(UnixSocketHttp unix) {
        this.unix = unix;
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public boolean volumeExists(String name) {
        return exists("inspect volume " + name, "/volumes/" + segment(name));
    }

    @Override
    public boolean imageExists(String image) {
        return exists("inspect image " + image, "/images/" + segment(image) + "/json");
    }

    private boolean exists(String what, String path) {
        UnixSocketHttp.Answer a = call(what, "GET", path, null);
        if (a.status() == 200 || a.status() == 404) {
            return a.status() == 200;
        }
        throw refused(what, a);
    }

    @Override
    public Optional<String> run(String image, List<String> cmd, List<String> binds, Map<String, String> labels) {
        Map<String, Object> spec = Map.of(
                "Image",
                image,
                "Cmd",
                cmd,
                "Labels",
                labels,
                "HostConfig",
                Map.of("Binds", binds, "NetworkMode", "none"));
        String id = null;
        try {
            UnixSocketHttp.Answer created =
                    unix.call("POST", "/containers/create", Json.MAPPER.writeValueAsString(spec));
            String answered = created.status() == 201 ? tree(created).path("Id").asText("") : "";
            if (answered.isEmpty()) {
                return Optional.empty();
            }
            id = answered;
            if (unix.call("POST", "/containers/" + segment(id) + "/start", null).status() / 100 == 2) {
                return Optional.of(id);
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        if (id != null) {
            // if it is refused, it is labelled with its owner: this process's DockerVolumes.remove, or the next
            // process's sweep, removes it
            VolumeHelpers.remove(this, id);
        }
        return Optional.empty();
    }

    @Override
    public List<Listed> list(String key, String value) {
        String what = "list the containers labelled " + key + "=" + value;
        String filters;
        try {
            filters = Json.MAPPER.writeValueAsString(Map.of("label", List.of(key + "=" + value)));
        } catch (JsonProcessingException e) {
            throw new RollbackException("could not " + what + ": " + e.getMessage(), e);
        }
        UnixSocketHttp.Answer a = call(
                what,
                "GET",
                "/containers/json?all=true&filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8),
                null);
        JsonNode all = a.status() == 200 ? tree(a) : null;
        if (all == null || !all.isArray()) {
            throw refused(what, a);
        }
        List<Listed> listed = new ArrayList<>();
        for (JsonNode c : all) {
            String id = c.path("Id").asText("");
            Map<String, String> labels = new LinkedHashMap<>();
            c.path("Labels")
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            String name = c.path("Names").path(0).asText(id);
            listed.add(new Listed(id, name.startsWith("/") ? name.substring(1) : name, labels));
        }
        return listed;
    }

    @Override
    public boolean running(String id) {
        try {
            UnixSocketHttp.Answer a = unix.call("GET", "/containers/" + segment(id) + "/json", null);
            if (a.status() == 404) {
                return false;
            }
            JsonNode running = a.status() == 200 ? tree(a).path("State").path("Running") : null;
            return running == null || !running.isBoolean() || running.asBoolean();
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    @Override
    public int exitCode(String id) {
        String what = "inspect helper container " + id;
        UnixSocketHttp.Answer a = call(what, "GET", "/containers/" + segment(id) + "/json", null);
        JsonNode code = a.status() == 200 ? tree(a).path("State").path("ExitCode") : null;
        if (code == null || !code.isInt()) {
            throw refused(what, a);
        }
        return code.asInt();
    }

    @Override
    public boolean remove(String id) {
        try {
            int status = unix.call("DELETE", "/containers/" + segment(id) + "?force=true", null)
                    .status();
            return status == 204 || status == 404;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public InputStream archive(String id, String path) throws IOException {
        return unix.get(
                "/containers/" + segment(id) + "/archive?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
    }

    @Override
    public void extract(String id, String path, InputStream tar) throws IOException {
        unix.put(
                "/containers/" + segment(id) + "/archive?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8),
                "application/x-tar",
                tar);
    }

    /** A name as a path segment: volume and image names keep their letters, digits and {@code ._-/:@}. */
    static String segment(String name) {
        StringBuilder b = new StringBuilder();
        for (byte c : name.getBytes(StandardCharsets.UTF_8)) {
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (plain || "._-/:@".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }

    private UnixSocketHttp.Answer call(String what, String method, String path, String json) {
        try {
            return unix.call(method, path, json);
        } catch (IOException | RuntimeException e) {
            throw new RollbackException(
                    "could not " + what + " on the Docker engine: " + EngineCalls.firstLine(e.getMessage()) + "; "
                            + EngineCalls.START_ENGINE,
                    e);
        }
    }

    /** The answer's body as a JSON tree; a missing node when it is not JSON. */
    private static JsonNode tree(UnixSocketHttp.Answer a) {
        try {
            return Json.MAPPER.readTree(a.body());
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** An answer that was not the one expected, with the engine's message (its JSON {@code message}). */
    private static RollbackException refused(String what, UnixSocketHttp.Answer a) {
        String message = tree(a).path("message").asText(EngineCalls.firstLine(a.body()));
        return new RollbackException(
                "could not " + what + ": the Docker engine answered " + a.status() + ": " + message);
    }
}

package dev.rollback.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine calls on a volume backup's path, made straight over the engine's unix socket: does a volume or an image
 * exist, create and start a helper container, is it still running, remove it, list the helpers a killed process
 * left. A cold JVM's first calls through docker-java cost 30-100 ms each (its JSON mapping and transport warming
 * up), and its mapping of the engine's answers onto its model classes kept the JIT busy on the other core while
 * the first megabytes streamed; these take a few ms and read answers as plain JSON trees. Each answers empty when
 * the socket call cannot be made or gives an answer it does not expect, and the caller then goes through
 * docker-java as before.
 *
 * <p>{@code Optional<Boolean> known = SocketCalls.exists(unix, "/volumes/" + SocketCalls.segment(name));}
 */
final class SocketCalls {
    private static final Pattern ID = Pattern.compile("\"Id\"\\s*:\\s*\"([0-9a-f]{12,64})\"");

    /** The JSON mapper, made on first use: the calls on the helper's start read no JSON. */
    private static final class Trees {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    /**
     * A container as the engine lists it.
     *
     * @param id its id
     * @param name its first name without the leading slash, or its id when it has none
     * @param labels its labels
     */
    record Listed(String id, String name, Map<String, String> labels) {
    }

    private SocketCalls() {
    }

    /** Whether the object at {@code path} exists (200 or 404); empty when the engine says something else. */
    static Optional<Boolean> exists(UnixSocketHttp unix, String path) {
        try {
            int status = unix.call("GET", path, null).status();
            return status == 200 ? Optional.of(true) : status == 404 ? Optional.of(false) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates and starts a container without a network; its id, or empty when either call failed (a container that
     * was created but did not start is removed again, or left to the labels' sweep).
     */
    static Optional<String> run(UnixSocketHttp unix, String image, List<String> cmd, List<String> binds,
                                Map<String, String> labels) {
        String json = "{\"Image\":" + json(image) + ",\"Cmd\":" + array(cmd) + ",\"Labels\":" + object(labels)
                + ",\"HostConfig\":{\"Binds\":" + array(binds) + ",\"NetworkMode\":\"none\"}}";
        String id = null;
        try {
            UnixSocketHttp.Answer created = unix.call("POST", "/containers/create", json);
            Matcher m = ID.matcher(created.body());
            if (created.status() != 201 || !m.find()) {
                return Optional.empty();
            }
            id = m.group(1);
            if (unix.call("POST", "/containers/" + id + "/start", null).status() / 100 == 2) {
                return Optional.of(id);
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        if (id != null && !remove(unix, id)) {
            // once more; if that fails too, it is labelled with its owner: this process's DockerVolumes.remove, or
            // the next process's sweep, removes it
            remove(unix, id);
        }
        return Optional.empty();
    }

    /** The containers, running or not, that carry the label {@code key=value}; empty when the call failed. */
    static Optional<List<Listed>> list(UnixSocketHttp unix, String key, String value) {
        String filters = "{\"label\":[" + json(key + "=" + value) + "]}";
        try {
            UnixSocketHttp.Answer a = unix.call("GET", "/containers/json?all=true&filters="
                    + URLEncoder.encode(filters, StandardCharsets.UTF_8), null);
            JsonNode all = a.status() == 200 ? Trees.JSON.readTree(a.body()) : null;
            if (all == null || !all.isArray()) {
                return Optional.empty();
            }
            List<Listed> listed = new ArrayList<>();
            for (JsonNode c : all) {
                String id = c.path("Id").asText("");
                if (id.isEmpty()) {
                    return Optional.empty();
                }
                Map<String, String> labels = new LinkedHashMap<>();
                c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                String name = c.path("Names").path(0).asText(id);
                listed.add(new Listed(id, name.startsWith("/") ? name.substring(1) : name, labels));
            }
            return Optional.of(listed);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the container runs (false once it is gone); empty when the engine could not say. */
    static Optional<Boolean> running(UnixSocketHttp unix, String id) {
        try {
            UnixSocketHttp.Answer a = unix.call("GET", "/containers/" + segment(id) + "/json", null);
            if (a.status() == 404) {
                return Optional.of(false);
            }
            JsonNode running = a.status() == 200 ? Trees.JSON.readTree(a.body()).path("State").path("Running") : null;
            return running != null && running.isBoolean() ? Optional.of(running.asBoolean()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Removes the container, stopping it first if it runs; true when it is gone (or was already). */
    static boolean remove(UnixSocketHttp unix, String id) {
        try {
            int status = unix.call("DELETE", "/containers/" + segment(id) + "?force=true", null).status();
            return status == 204 || status == 404;
        } catch (IOException | RuntimeException e) {
            return false;
        }
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

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String array(List<String> items) {
        return "[" + String.join(",", items.stream().map(SocketCalls::json).toList()) + "]";
    }

    private static String object(Map<String, String> entries) {
        return "{" + String.join(",", entries.entrySet().stream().map(e -> json(e.getKey()) + ":" + json(e.getValue()))
                .toList()) + "}";
    }
}

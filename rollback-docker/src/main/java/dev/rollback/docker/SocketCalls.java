package dev.rollback.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine calls on a volume backup's critical path, made straight over the engine's unix socket: does a volume or
 * an image exist, create and start a helper container. A cold JVM's first calls through docker-java cost 30-100 ms
 * each (its JSON mapping and transport warming up); these take a few ms, which brings the helper's start ~150 ms
 * closer. Each answers empty when the socket call cannot be made or gives an answer it does not expect, and the
 * caller then goes through docker-java as before.
 *
 * <p>{@code Optional<Boolean> known = SocketCalls.exists(unix, "/volumes/" + SocketCalls.segment(name));}
 */
final class SocketCalls {
    private static final Pattern ID = Pattern.compile("\"Id\"\\s*:\\s*\"([0-9a-f]{12,64})\"");

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
        if (id != null) {
            try {
                unix.call("DELETE", "/containers/" + id + "?force=true", null);
            } catch (IOException | RuntimeException e) {
                // labelled with its owner: the next process's VolumeHelpers.sweep removes it
            }
        }
        return Optional.empty();
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

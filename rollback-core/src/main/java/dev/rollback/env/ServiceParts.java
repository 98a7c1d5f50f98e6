package dev.rollback.env;

import dev.rollback.env.ComposeYaml.PathException;
import dev.rollback.errors.UsageException;
import dev.rollback.io.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the fields of one compose service (already merged and interpolated) into the catalog's shapes.
 * Problems are reported as {@link PathException}s naming the field ({@code services.mysql.healthcheck.interval}).
 *
 * <p>{@code List<Mount> mounts = ServiceParts.mounts(service.get("volumes"), "services.mysql.volumes");}
 */
final class ServiceParts {
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final int DEFAULT_RETRIES = 3;

    private ServiceParts() {}

    /** A list of scalars; {@code null} is empty. */
    static List<String> strings(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new PathException(path, "expected a list, found " + ComposeYaml.describe(value));
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> || item instanceof List<?>) {
                throw new PathException(path, "expected a list of strings, found " + ComposeYaml.describe(item));
            }
            out.add(ComposeYaml.scalar(item));
        }
        return out;
    }

    /** {@code command} or {@code entrypoint}: a list, or a string taken as a one-element list. */
    static List<String> commandLine(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?>) {
            return strings(value, path);
        }
        if (value instanceof Map<?, ?>) {
            throw new PathException(path, "expected a string or a list, found a mapping");
        }
        return List.of(ComposeYaml.scalar(value));
    }

    /**
     * {@code environment} as a map or a {@code KEY=value} list, in file order; a key without a value takes it from
     * {@code variables} and is left out when they have none (as compose does).
     */
    static Map<String, String> environment(Object value, Map<String, String> variables, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String key = ComposeYaml.scalar(k);
                if (v instanceof Map<?, ?> || v instanceof List<?>) {
                    throw new PathException(path + "." + key, "expected a string, found " + ComposeYaml.describe(v));
                }
                putValue(out, key, v == null ? null : ComposeYaml.scalar(v), variables);
            });
            return out;
        }
        for (String item : strings(value, path)) {
            int eq = item.indexOf('=');
            putValue(out, eq < 0 ? item : item.substring(0, eq), eq < 0 ? null : item.substring(eq + 1), variables);
        }
        return out;
    }

    private static void putValue(Map<String, String> out, String key, String value, Map<String, String> variables) {
        if (value != null) {
            out.put(key, value);
        } else if (variables.containsKey(key)) {
            out.put(key, variables.get(key));
        }
    }

    /** {@code depends_on} as a list of names or a map of name to condition. */
    static List<String> dependsOn(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            return map.keySet().stream().map(ComposeYaml::scalar).toList();
        }
        return strings(value, path);
    }

    /** Short syntax as written; long syntax as {@code published:target} ({@code /udp} kept). */
    static List<String> ports(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new PathException(path, "expected a list, found " + ComposeYaml.describe(value));
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> m) {
                String target = ComposeYaml.scalar(m.get("target"));
                String published = ComposeYaml.scalar(m.get("published"));
                String protocol = ComposeYaml.scalar(m.get("protocol"));
                String port = published.isEmpty() ? target : published + ":" + target;
                out.add(protocol.isEmpty() || "tcp".equalsIgnoreCase(protocol) ? port : port + "/" + protocol);
            } else {
                out.add(ComposeYaml.scalar(item));
            }
        }
        return out;
    }

    /** {@code volumes} in short ({@code src:dst[:ro]}) or long syntax; tmpfs and other types are not mounts here. */
    static List<Mount> mounts(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new PathException(path, "expected a list, found " + ComposeYaml.describe(value));
        }
        List<Mount> out = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> m) {
                longMount(m, path).ifPresent(out::add);
            } else {
                out.add(shortMount(ComposeYaml.scalar(item)));
            }
        }
        return out;
    }

    private static Mount shortMount(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length == 1) {
            return new Mount("", parts[0], false, false);
        }
        boolean readOnly = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
        return new Mount(parts[0], parts[1], readOnly, looksLikePath(parts[0]));
    }

    private static Optional<Mount> longMount(Map<?, ?> m, String path) {
        String type = ComposeYaml.scalar(m.get("type"));
        String source = ComposeYaml.scalar(m.get("source"));
        String target = ComposeYaml.scalar(m.get("target"));
        boolean readOnly = bool(m.get("read_only"), path + ".read_only");
        return switch (type.isEmpty() ? (looksLikePath(source) ? "bind" : "volume") : type) {
            case "bind" -> Optional.of(new Mount(source, target, readOnly, true));
            case "volume" -> Optional.of(new Mount(source, target, readOnly, false));
            default -> Optional.empty();
        };
    }

    static boolean looksLikePath(String source) {
        return source.startsWith(".") || source.startsWith("/") || source.startsWith("~") || source.startsWith("${");
    }

    /** {@code healthcheck}: durations parsed, compose's defaults filled in, {@code disable}/{@code NONE} honoured. */
    static Optional<HealthCheck> healthCheck(Object value, String path) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> hc)) {
            throw new PathException(path, "expected a mapping, found " + ComposeYaml.describe(value));
        }
        Object testValue = hc.get("test");
        List<String> test =
                testValue instanceof String s ? List.of("CMD-SHELL", s) : strings(testValue, path + ".test");
        boolean disabled =
                bool(hc.get("disable"), path + ".disable") || (!test.isEmpty() && "NONE".equals(test.get(0)));
        return Optional.of(new HealthCheck(
                disabled ? List.of() : test,
                duration(hc.get("interval"), DEFAULT_INTERVAL, path + ".interval"),
                duration(hc.get("timeout"), DEFAULT_TIMEOUT, path + ".timeout"),
                integer(hc.get("retries"), DEFAULT_RETRIES, path + ".retries"),
                duration(hc.get("start_period"), Duration.ZERO, path + ".start_period"),
                disabled));
    }

    private static Duration duration(Object value, Duration fallback, String path) {
        String text = ComposeYaml.scalar(value);
        if (text.isBlank()) {
            return fallback;
        }
        try {
            return Durations.parse(text);
        } catch (UsageException e) {
            throw new PathException(path, "expected a duration like 30s or 1m30s, found '" + text + "'");
        }
    }

    private static int integer(Object value, int fallback, String path) {
        String text = ComposeYaml.scalar(value).strip();
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new PathException(path, "expected an integer, found '" + text + "'");
        }
    }

    private static boolean bool(Object value, String path) {
        String text = ComposeYaml.scalar(value).strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "", "false" -> false;
            case "true" -> true;
            default -> throw new PathException(path, "expected true or false, found '" + text + "'");
        };
    }
}

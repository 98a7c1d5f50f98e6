package dev.rollback.env;

import dev.rollback.errors.EnvironmentException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one compose file into plain maps, lists and scalars, with YAML merge keys ({@code <<}) resolved and every
 * string value interpolated.
 *
 * <p>{@code Map<String, Object> doc = ComposeYaml.read(file, new Interpolator(variables));}
 */
final class ComposeYaml {
    static final String MERGE_KEY = "<<";
    private static final int MAX_DEPTH = 64;

    private ComposeYaml() {}

    static Map<String, Object> read(Path file, Interpolator interpolator) {
        return read(file, YamlLimits.read(file), interpolator);
    }

    /** As {@link #read(Path, Interpolator)}, the file's text given (errors still name {@code file}). */
    static Map<String, Object> read(Path file, String text, Interpolator interpolator) {
        Object raw = YamlLimits.load(file, text);
        if (raw == null) {
            return new LinkedHashMap<>();
        }
        Object resolved;
        try {
            resolved = interpolate(resolveMerges(raw, "", 0, new YamlLimits.Budget()), "", interpolator);
        } catch (PathException e) {
            throw new EnvironmentException(file, e.getMessage());
        } catch (YamlLimits.Budget.Exceeded e) {
            throw YamlLimits.tooManyAliases(file, e.getMessage());
        }
        if (!(resolved instanceof Map<?, ?> map)) {
            throw new EnvironmentException(file, "expected a mapping at the top level, found " + describe(raw));
        }
        return asStringMap(map);
    }

    /** A problem at a path in the document ({@code services.mysql.environment}). */
    static final class PathException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PathException(String path, String message) {
            super((path.isEmpty() ? "" : path + ": ") + message);
        }
    }

    /**
     * A copy of {@code node} with every {@code <<} mapping merged in: explicit keys win over merged ones, and of a
     * list of merged maps the earlier wins (YAML merge semantics, which compose follows; the merge is shallow).
     * Every value of the copy is counted against {@code budget}, so nested aliases cannot expand without bound.
     */
    static Object resolveMerges(Object node, String path, int depth, YamlLimits.Budget budget) {
        budget.spend();
        if (depth > MAX_DEPTH) {
            throw new PathException(path, "nested too deeply (a recursive alias?)");
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = scalar(e.getKey());
                if (MERGE_KEY.equals(key)) {
                    for (Map<String, Object> merged : mergeSources(e.getValue(), child(path, key), depth, budget)) {
                        merged.forEach(out::putIfAbsent);
                    }
                } else {
                    out.put(key, resolveMerges(e.getValue(), child(path, key), depth + 1, budget));
                }
            }
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(resolveMerges(list.get(i), path + "[" + i + "]", depth + 1, budget));
            }
            return out;
        }
        return node;
    }

    private static List<Map<String, Object>> mergeSources(
            Object value, String path, int depth, YamlLimits.Budget budget) {
        List<?> sources = value instanceof List<?> l ? l : List.of(value == null ? "null" : value);
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object source : sources) {
            if (!(source instanceof Map<?, ?>)) {
                throw new PathException(
                        path, "a merge key must merge a mapping or a list of mappings, found " + describe(source));
            }
            maps.add(asStringMap((Map<?, ?>) resolveMerges(source, path, depth + 1, budget)));
        }
        return maps;
    }

    /** A copy with every string value interpolated (keys are left as written, as compose does). */
    static Object interpolate(Object node, String path, Interpolator interpolator) {
        if (node instanceof String s) {
            try {
                return interpolator.interpolate(s);
            } catch (Interpolator.InterpolationException e) {
                throw new PathException(path, e.getMessage());
            }
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(scalar(k), interpolate(v, child(path, scalar(k)), interpolator)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(interpolate(list.get(i), path + "[" + i + "]", interpolator));
            }
            return out;
        }
        return node;
    }

    /** A scalar as compose reads it: {@code true}, {@code 5432}, {@code 0.5}; {@code null} becomes "". */
    static String scalar(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asStringMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** The kind of a value, never the value itself (it may have been interpolated from a secret). */
    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return value instanceof Boolean ? "a boolean" : "a string";
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}

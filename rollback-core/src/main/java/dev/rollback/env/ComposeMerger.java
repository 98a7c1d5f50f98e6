package dev.rollback.env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges several compose files the way {@code docker compose -f a.yml -f b.yml} does.
 *
 * <p>{@code Map<String, Object> project = ComposeMerger.merge(List.of(base, override));}
 *
 * <p>Later files override scalars and extend mappings per key; {@code command}, {@code entrypoint} and
 * {@code healthcheck.test} are replaced whole; {@code volumes} and {@code devices} of a service are merged by
 * container path; other lists ({@code ports}, {@code profiles}, ...) are appended without duplicates;
 * {@code environment}, {@code labels} and {@code depends_on} merge per key whether written as lists or maps.
 */
final class ComposeMerger {
    private static final Set<String> REPLACED_LISTS = Set.of("command", "entrypoint", "test");
    private static final Set<String> BY_TARGET = Set.of("volumes", "devices");
    private static final Set<String> KEYED_LISTS = Set.of("environment", "labels", "depends_on");

    private ComposeMerger() {}

    static Map<String, Object> merge(List<Map<String, Object>> documents) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map<String, Object> doc : documents) {
            result = mergeMaps(result, doc);
        }
        return result;
    }

    private static Map<String, Object> mergeMaps(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((key, value) -> out.put(key, out.containsKey(key) ? mergeValue(key, out.get(key), value) : value));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object mergeValue(String key, Object base, Object over) {
        if (over == null) {
            return base;
        }
        if (KEYED_LISTS.contains(key) && base != null && (base instanceof List<?> || over instanceof List<?>)) {
            return mergeMaps(keyed(key, base), keyed(key, over));
        }
        if (base instanceof Map<?, ?> b && over instanceof Map<?, ?> o) {
            return mergeMaps((Map<String, Object>) b, (Map<String, Object>) o);
        }
        if (base instanceof List<?> b && over instanceof List<?> o && !REPLACED_LISTS.contains(key)) {
            return BY_TARGET.contains(key) ? mergeByTarget(b, o) : appendUnique(b, o);
        }
        return over;
    }

    private static Map<String, Object> keyed(String key, Object value) {
        if (value instanceof Map<?, ?> map) {
            return ComposeYaml.asStringMap(map);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object item : (List<?>) value) {
            String s = ComposeYaml.scalar(item);
            if ("depends_on".equals(key)) {
                out.put(s, Map.of("condition", "service_started"));
            } else {
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return out;
    }

    private static List<Object> mergeByTarget(List<?> base, List<?> over) {
        Map<String, Object> byTarget = new LinkedHashMap<>();
        for (Object item : base) {
            byTarget.put(target(item), item);
        }
        for (Object item : over) {
            byTarget.put(target(item), item);
        }
        return new ArrayList<>(byTarget.values());
    }

    private static String target(Object item) {
        if (item instanceof Map<?, ?> map) {
            return ComposeYaml.scalar(map.get("target"));
        }
        String[] parts = ComposeYaml.scalar(item).split(":");
        return parts.length == 1 ? parts[0] : parts[1];
    }

    private static List<Object> appendUnique(List<?> base, List<?> over) {
        List<Object> out = new ArrayList<>(base);
        for (Object item : over) {
            if (!out.contains(item)) {
                out.add(item);
            }
        }
        return out;
    }
}

package dev.rollback.validation.advisor;

import dev.rollback.env.Phase;
import dev.rollback.git.PathPattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which phases the changed files belong to, by the phases' path patterns: a file or directory ({@code docs/}, a
 * trailing slash for directories only), or a glob where {@code *} and {@code ?} stay within one path segment and
 * {@code **} spans segments ({@code configs/*}{@code /performance/}): core's {@link PathPattern}, the matcher of
 * {@code rollback phase}'s checkout, so a phase matched here is one {@code rollback phase} restores.
 *
 * <p>{@code PhaseFiles.match(phases, List.of("configs/prometheus/prometheus.yml")).keySet() // [phase-2]}
 */
public final class PhaseFiles {
    private PhaseFiles() {}

    /** Each phase with a changed file, in the phases' order, with its changed files. */
    public static Map<String, List<String>> match(Map<String, Phase> phases, List<String> changedFiles) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Phase phase : phases.values()) {
            List<String> hits = new ArrayList<>();
            for (String file : changedFiles) {
                if (phase.paths().stream().anyMatch(p -> matches(p, file))) {
                    hits.add(file);
                }
            }
            if (!hits.isEmpty()) {
                out.put(phase.name(), List.copyOf(hits));
            }
        }
        return out;
    }

    /** Whether the file at {@code path} (slash-separated, relative to the root) falls under {@code pattern}. */
    public static boolean matches(String pattern, String path) {
        String file = path.strip();
        while (file.startsWith("./")) {
            file = file.substring(2);
        }
        return PathPattern.parse(pattern).matches(file);
    }
}

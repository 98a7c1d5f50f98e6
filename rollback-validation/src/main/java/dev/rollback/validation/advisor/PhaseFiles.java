package dev.rollback.validation.advisor;

import dev.rollback.env.Phase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which phases the changed files belong to, by the phases' path patterns: a file or directory ({@code docs/}, a
 * trailing slash for directories only), or a glob where {@code *} and {@code ?} stay within one path segment and
 * {@code **} spans segments ({@code configs/*}{@code /performance/}). The same rules as core's {@code git checkout}
 * patterns (its matcher is internal to core), so a phase matched here is one {@code rollback phase} restores.
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
        String body = strip(pattern);
        boolean directoryOnly = pattern.strip().endsWith("/");
        if (body.isEmpty() || body.equals(".")) {
            return true;
        }
        Pattern regex = Pattern.compile(toRegex(body));
        String file = strip(path);
        int slash = file.indexOf('/');
        while (slash >= 0) {
            if (regex.matcher(file.substring(0, slash)).matches()) {
                return true;
            }
            slash = file.indexOf('/', slash + 1);
        }
        return !directoryOnly && regex.matcher(file).matches();
    }

    private static String strip(String raw) {
        String body = raw.strip();
        while (body.startsWith("./")) {
            body = body.substring(2);
        }
        while (body.startsWith("/")) {
            body = body.substring(1);
        }
        while (body.endsWith("/")) {
            body = body.substring(0, body.length() - 1);
        }
        return body;
    }

    private static String toRegex(String glob) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                out.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                i += 2;
            } else if (glob.startsWith("**/", i) && (i == 0 || glob.charAt(i - 1) == '/')) {
                out.append("(?:[^/]+/)*");
                i += 3;
            } else if (glob.startsWith("**", i)) {
                out.append(".*");
                i += 2;
            } else if (c == '*') {
                out.append("[^/]*");
                i++;
            } else if (c == '?') {
                out.append("[^/]");
                i++;
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return out.toString();
    }
}

package dev.rollback.env;

import dev.rollback.errors.EnvironmentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The compose files of a project, found and read as docker compose finds and reads them.
 *
 * <p>{@code ComposeProject p = ComposeProject.load(ComposeProject.discover(dir, vars, List.of()), vars);}
 */
final class ComposeProject {
    static final List<String> DEFAULT_NAMES =
            List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");
    static final List<String> OVERRIDE_NAMES = List.of(
            "compose.override.yml",
            "compose.override.yaml",
            "docker-compose.override.yml",
            "docker-compose.override.yaml");

    private final Path primaryFile;
    private final Optional<String> name;
    private final Map<String, Map<String, Object>> services;
    private final Map<String, Map<String, Object>> volumes;

    private ComposeProject(
            Path primaryFile,
            Optional<String> name,
            Map<String, Map<String, Object>> services,
            Map<String, Map<String, Object>> volumes) {
        this.primaryFile = primaryFile;
        this.name = name;
        this.services = services;
        this.volumes = volumes;
    }

    /**
     * The compose files to use: {@code COMPOSE_FILE} ({@code :}-separated, from the variables), else the files
     * {@code rollback.yaml} names, else the first of {@link #DEFAULT_NAMES} plus the first override file present.
     */
    static List<Path> discover(Path projectDir, Map<String, String> variables, List<String> configured) {
        String fromEnv = variables.getOrDefault("COMPOSE_FILE", "");
        if (!fromEnv.isBlank()) {
            String separator = variables.getOrDefault("COMPOSE_PATH_SEPARATOR", ":");
            return existing(
                    projectDir,
                    Arrays.stream(fromEnv.split(Pattern.quote(separator)))
                            .filter(s -> !s.isBlank())
                            .toList(),
                    "COMPOSE_FILE");
        }
        if (!configured.isEmpty()) {
            return existing(projectDir, configured, "rollback.yaml compose_files");
        }
        List<Path> files = new ArrayList<>();
        DEFAULT_NAMES.stream()
                .map(projectDir::resolve)
                .filter(Files::isRegularFile)
                .findFirst()
                .ifPresent(files::add);
        if (files.isEmpty()) {
            throw new EnvironmentException(
                    projectDir,
                    "no compose file found; looked for " + String.join(", ", DEFAULT_NAMES) + " (or set COMPOSE_FILE)");
        }
        OVERRIDE_NAMES.stream()
                .map(projectDir::resolve)
                .filter(Files::isRegularFile)
                .findFirst()
                .ifPresent(files::add);
        return List.copyOf(files);
    }

    /** Resolves {@code names} against the project directory; each must exist. */
    static List<Path> existing(Path projectDir, List<String> names, String source) {
        List<Path> files = new ArrayList<>();
        for (String n : names) {
            Path file = projectDir.resolve(n.strip()).normalize();
            if (!Files.isRegularFile(file)) {
                throw new EnvironmentException(file, "compose file named by " + source + " does not exist");
            }
            files.add(file);
        }
        return List.copyOf(files);
    }

    /** Reads, resolves merge keys, interpolates and merges the files in order. */
    static ComposeProject load(List<Path> files, Map<String, String> variables) {
        return load(files, variables, YamlLimits::read);
    }

    /** As {@link #load(List, Map)}, each file's text given by {@code source} (the work tree, or a git revision). */
    static ComposeProject load(List<Path> files, Map<String, String> variables, Function<Path, String> source) {
        Interpolator interpolator = new Interpolator(variables);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Path file : files) {
            docs.add(ComposeYaml.read(file, source.apply(file), interpolator));
        }
        Path primary = files.get(0);
        Map<String, Object> merged = ComposeMerger.merge(docs);
        Object nameValue = merged.get("name");
        Optional<String> name =
                nameValue == null || ComposeYaml.scalar(nameValue).isBlank()
                        ? Optional.empty()
                        : Optional.of(ComposeYaml.scalar(nameValue));
        return new ComposeProject(
                primary, name, section(primary, merged, "services"), section(primary, merged, "volumes"));
    }

    private static Map<String, Map<String, Object>> section(Path file, Map<String, Object> doc, String key) {
        Object value = doc.get(key);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new EnvironmentException(file, key + ": expected a mapping, found " + ComposeYaml.describe(value));
        }
        map.forEach((k, v) -> {
            String name = ComposeYaml.scalar(k);
            if (v == null) {
                out.put(name, new LinkedHashMap<>());
            } else if (v instanceof Map<?, ?> m) {
                out.put(name, ComposeYaml.asStringMap(m));
            } else {
                throw new EnvironmentException(
                        file, key + "." + name + ": expected a mapping, found " + ComposeYaml.describe(v));
            }
        });
        return out;
    }

    /** The first compose file: where errors found after merging are reported. */
    Path primaryFile() {
        return primaryFile;
    }

    /** The top-level {@code name:}, after interpolation. */
    Optional<String> name() {
        return name;
    }

    /** Service name to its (merged, interpolated) definition, in file order. */
    Map<String, Map<String, Object>> services() {
        return services;
    }

    /** Top-level volume key to its definition (empty map for {@code key:} with nothing), in file order. */
    Map<String, Map<String, Object>> volumes() {
        return volumes;
    }
}

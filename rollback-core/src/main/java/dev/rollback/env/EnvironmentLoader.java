package dev.rollback.env;

import dev.rollback.errors.ComposeFileException;
import dev.rollback.errors.EnvironmentException;
import dev.rollback.git.GitRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds an {@link Environment}: reads {@code .env} and {@code rollback.yaml}, finds and reads the compose files,
 * derives the project name as compose does, and applies precedence (builder, then process environment, then
 * {@code .env}, then {@code rollback.yaml}, then DevStack Core's defaults).
 *
 * <p>{@code Environment env = EnvironmentLoader.load(Environment.custom(dir));}
 */
final class EnvironmentLoader {
    static final String CONFIG_FILE = "rollback.yaml";

    private EnvironmentLoader() {}

    static Environment load(Environment.Builder b) {
        Path projectDir = b.projectDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(projectDir)) {
            throw new EnvironmentException(projectDir, "not a directory; point at the environment's project directory");
        }
        Map<String, String> process = b.processEnvironment != null ? b.processEnvironment : System.getenv();
        Path envFile = b.envFile != null ? projectDir.resolve(b.envFile).normalize() : projectDir.resolve(".env");
        Map<String, String> dotenv =
                Files.exists(envFile) ? EnvFile.load(envFile).values() : Map.of();
        Map<String, String> variables = new LinkedHashMap<>(dotenv);
        variables.putAll(process);
        variables = Collections.unmodifiableMap(variables);

        Path configFile = projectDir.resolve(CONFIG_FILE);
        RollbackConfig config =
                Files.exists(configFile) ? RollbackConfig.load(configFile) : RollbackConfig.ofDefaults();
        Target target = b.target != null ? b.target : config.target().orElse(Target.DOCKER);

        List<Path> composeFiles;
        Optional<ComposeProject> compose;
        if (b.composeFiles != null && !b.composeFiles.isEmpty()) {
            composeFiles = ComposeProject.existing(
                    projectDir, b.composeFiles.stream().map(Path::toString).toList(), "withComposeFiles");
        } else if (target == Target.LOCAL && !config.services().isEmpty() && noComposeFile(projectDir, variables)) {
            composeFiles = List.of();
        } else {
            composeFiles = ComposeProject.discover(projectDir, variables, config.composeFiles());
        }
        compose = composeFiles.isEmpty()
                ? Optional.empty()
                : Optional.of(compose(b, projectDir, composeFiles, variables));

        String projectName = projectName(b, variables, compose, projectDir);
        String home = Optional.ofNullable(process.get("HOME"))
                .filter(h -> !h.isBlank())
                .orElse(System.getProperty("user.home"));
        Path vaultKeyDir = b.vaultKeyDir != null
                ? b.vaultKeyDir
                : config.vaultKeyDir()
                        .map(d -> expandHome(d, home, projectDir))
                        .orElse(Path.of(home, ".config", "vault"));
        Path backupRoot = b.backupRoot != null
                ? projectDir.resolve(b.backupRoot)
                : projectDir.resolve(config.backupRoot().orElse("backups"));

        CatalogBuilder catalogs = new CatalogBuilder(projectDir, projectName, dotenv, variables, config.services());
        ServiceCatalog catalog = compose.map(catalogs::build).orElseGet(catalogs::fromOverrides);
        checkOverrides(config, catalog, configFile);

        return new Environment(
                projectDir,
                projectName,
                composeFiles,
                envFile,
                vaultKeyDir.normalize(),
                backupRoot.normalize(),
                target,
                activeProfiles(b, variables, config),
                config,
                catalog,
                variables);
    }

    /**
     * The compose files read from the work tree, or from the builder's git revision; a file that does not load is
     * a {@link ComposeFileException}, so a caller can tell it from the other files' faults.
     */
    private static ComposeProject compose(
            Environment.Builder b, Path projectDir, List<Path> files, Map<String, String> variables) {
        try {
            if (b.composeRevision == null) {
                return ComposeProject.load(files, variables);
            }
            try (GitRepository repo = GitRepository.open(projectDir)) {
                return ComposeProject.load(files, variables, file -> {
                    String name = projectDir.relativize(file).toString().replace('\\', '/');
                    byte[] text = repo.readFile(b.composeRevision, name)
                            .orElseThrow(() -> new EnvironmentException(
                                    file, "not in commit " + b.composeRevision + " of the project"));
                    if (text.length > YamlLimits.MAX_SIZE) {
                        throw new EnvironmentException(
                                file,
                                "not loaded: " + text.length + " bytes in commit " + b.composeRevision
                                        + ", more than a YAML file of the environment may have");
                    }
                    return new String(text, StandardCharsets.UTF_8);
                });
            }
        } catch (ComposeFileException e) {
            throw e;
        } catch (EnvironmentException e) {
            throw new ComposeFileException(e);
        }
    }

    private static boolean noComposeFile(Path projectDir, Map<String, String> variables) {
        return variables.getOrDefault("COMPOSE_FILE", "").isBlank()
                && ComposeProject.DEFAULT_NAMES.stream().noneMatch(n -> Files.isRegularFile(projectDir.resolve(n)));
    }

    /** Explicit name, then {@code COMPOSE_PROJECT_NAME}, then the compose {@code name:}, then the directory. */
    static String projectName(
            Environment.Builder b, Map<String, String> variables, Optional<ComposeProject> compose, Path projectDir) {
        String raw;
        if (b.projectName != null) {
            raw = b.projectName;
        } else if (!variables.getOrDefault("COMPOSE_PROJECT_NAME", "").isBlank()) {
            raw = variables.get("COMPOSE_PROJECT_NAME");
        } else {
            raw = compose.flatMap(ComposeProject::name)
                    .orElse(
                            projectDir.getFileName() == null
                                    ? ""
                                    : projectDir.getFileName().toString());
        }
        String name = normalizeProjectName(raw);
        if (name.isEmpty()) {
            throw new EnvironmentException(
                    projectDir,
                    "project name '" + raw + "' has no letter or digit; set"
                            + " COMPOSE_PROJECT_NAME or the compose file's name:");
        }
        return name;
    }

    /** Compose's rule: lower case, only {@code [a-z0-9_-]}, starting with a letter or digit. */
    static String normalizeProjectName(String raw) {
        String name = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        return name.replaceFirst("^[_-]+", "");
    }

    private static Set<String> activeProfiles(
            Environment.Builder b, Map<String, String> variables, RollbackConfig config) {
        List<String> profiles;
        if (b.activeProfiles != null) {
            profiles = b.activeProfiles;
        } else if (!variables.getOrDefault("COMPOSE_PROFILES", "").isBlank()) {
            profiles = Arrays.asList(variables.get("COMPOSE_PROFILES").split(","));
        } else {
            profiles = config.profiles();
        }
        Set<String> out = new LinkedHashSet<>();
        profiles.stream().map(String::strip).filter(p -> !p.isEmpty()).forEach(out::add);
        return Collections.unmodifiableSet(out);
    }

    private static Path expandHome(String dir, String home, Path projectDir) {
        if (dir.equals("~")) {
            return Path.of(home);
        }
        if (dir.startsWith("~/")) {
            return Path.of(home).resolve(dir.substring(2));
        }
        return projectDir.resolve(dir);
    }

    private static void checkOverrides(RollbackConfig config, ServiceCatalog catalog, Path configFile) {
        for (String name : config.services().keySet()) {
            if (catalog.find(name).isEmpty()) {
                throw new EnvironmentException(
                        configFile,
                        "services." + name + ": no such service in the compose"
                                + " file; known services: "
                                + String.join(
                                        ", ",
                                        catalog.services().stream()
                                                .map(ServiceDefinition::name)
                                                .toList()));
            }
        }
    }
}

package dev.rollback.env;

import dev.rollback.env.ComposeYaml.PathException;
import dev.rollback.errors.ComposeFileException;
import dev.rollback.errors.EnvironmentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns a compose project into the service catalog: names, containers, kinds, volumes, health checks, config
 * directories, init scripts and TLS flags, with {@code rollback.yaml} overrides applied.
 *
 * <p>{@code ServiceCatalog c = new CatalogBuilder(dir, "devstack-core", dotenv, vars, overrides).build(project);}
 */
final class CatalogBuilder {
    private static final String TLS_SUFFIX = "_ENABLE_TLS";

    private final Path projectDir;
    private final String projectName;
    private final Map<String, String> dotenv;
    private final Map<String, String> variables;
    private final Map<String, ServiceOverride> overrides;

    CatalogBuilder(
            Path projectDir,
            String projectName,
            Map<String, String> dotenv,
            Map<String, String> variables,
            Map<String, ServiceOverride> overrides) {
        this.projectDir = projectDir;
        this.projectName = projectName;
        this.dotenv = dotenv;
        this.variables = variables;
        this.overrides = overrides;
    }

    ServiceCatalog build(ComposeProject project) {
        List<VolumeDefinition> volumes = new ArrayList<>();
        try {
            project.volumes().forEach((key, def) -> volumes.add(volume(key, def)));
            List<ServiceDefinition> services = new ArrayList<>();
            project.services().forEach((name, def) -> services.add(service(name, def, volumes)));
            return ServiceCatalog.of(services, volumes);
        } catch (PathException e) {
            throw new ComposeFileException(project.primaryFile(), e.getMessage());
        }
    }

    /** A catalog from {@code rollback.yaml} alone, for a local target without compose files. */
    ServiceCatalog fromOverrides() {
        List<ServiceDefinition> services = new ArrayList<>();
        overrides.forEach((name, o) -> {
            ServiceKind kind = o.kind().orElseGet(() -> KindGuesser.guess(name, Optional.empty(), List.of()));
            services.add(new ServiceDefinition(
                    name,
                    name,
                    Optional.empty(),
                    kind,
                    List.of(),
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    List.of(),
                    Optional.empty(),
                    List.of(),
                    o.tlsFlag(),
                    o.expectedStartup().orElse(kind.expectedStartup()),
                    Map.of(),
                    List.of(),
                    List.of(),
                    List.of()));
        });
        return ServiceCatalog.of(services, List.of());
    }

    private VolumeDefinition volume(String key, Map<String, Object> def) {
        String path = "volumes." + key;
        Object external = def.get("external");
        String explicitName = ComposeYaml.scalar(def.get("name"));
        boolean isExternal;
        if (external instanceof Map<?, ?> legacy) {
            isExternal = true;
            if (explicitName.isEmpty()) {
                explicitName = ComposeYaml.scalar(legacy.get("name"));
            }
        } else {
            String text = ComposeYaml.scalar(external).strip().toLowerCase(Locale.ROOT);
            if (!text.isEmpty() && !text.equals("true") && !text.equals("false")) {
                throw new PathException(path + ".external", "expected true or false, found '" + text + "'");
            }
            isExternal = text.equals("true");
        }
        String name = !explicitName.isEmpty() ? explicitName : isExternal ? key : projectName + "_" + key;
        return new VolumeDefinition(key, name, isExternal);
    }

    private ServiceDefinition service(String name, Map<String, Object> def, List<VolumeDefinition> volumeDefs) {
        String path = "services." + name;
        String image = ComposeYaml.scalar(def.get("image")).strip();
        if (image.isEmpty() && def.get("build") == null) {
            throw new PathException(
                    path,
                    "has neither image nor build, so docker compose cannot create its "
                            + "container; give it an image: or a build:");
        }
        String containerName = ComposeYaml.scalar(def.get("container_name")).strip();
        List<Mount> mounts = ServiceParts.mounts(def.get("volumes"), path + ".volumes");
        Optional<HealthCheck> health = ServiceParts.healthCheck(def.get("healthcheck"), path + ".healthcheck");
        Map<String, String> environment =
                ServiceParts.environment(def.get("environment"), variables, path + ".environment");
        Optional<String> configDir = configDir(name, mounts, def.get("build"));
        Optional<ServiceOverride> override = Optional.ofNullable(overrides.get(name));
        Optional<String> imageRef = image.isEmpty() ? Optional.empty() : Optional.of(image);
        ServiceKind kind = override.flatMap(ServiceOverride::kind)
                .orElseGet(() -> KindGuesser.guess(
                        name, imageRef, health.map(HealthCheck::test).orElse(List.of())));
        return new ServiceDefinition(
                name,
                containerName.isEmpty() ? projectName + "-" + name + "-1" : containerName,
                imageRef,
                kind,
                ServiceParts.strings(def.get("profiles"), path + ".profiles"),
                mounts,
                engineVolumes(mounts, volumeDefs),
                health,
                ServiceParts.dependsOn(def.get("depends_on"), path + ".depends_on"),
                configDir,
                configDir.map(this::initScripts).orElse(List.of()),
                override.flatMap(ServiceOverride::tlsFlag).or(() -> tlsFlag(name, environment, configDir)),
                override.flatMap(ServiceOverride::expectedStartup).orElse(kind.expectedStartup()),
                environment,
                ServiceParts.commandLine(def.get("entrypoint"), path + ".entrypoint"),
                ServiceParts.commandLine(def.get("command"), path + ".command"),
                ServiceParts.ports(def.get("ports"), path + ".ports"));
    }

    private List<String> engineVolumes(List<Mount> mounts, List<VolumeDefinition> volumeDefs) {
        List<String> names = new ArrayList<>();
        for (Mount m : mounts) {
            if (m.isBind() || m.source().isEmpty()) {
                continue;
            }
            String engineName = volumeDefs.stream()
                    .filter(v -> v.key().equals(m.source()))
                    .findFirst()
                    .map(VolumeDefinition::name)
                    .orElse(projectName + "_" + m.source());
            if (!names.contains(engineName)) {
                names.add(engineName);
            }
        }
        return names;
    }

    /** {@code configs/<dir>} from bind mounts, else from the build context, else {@code configs/<service>} if present. */
    private Optional<String> configDir(String service, List<Mount> mounts, Object build) {
        for (Mount m : mounts) {
            if (m.isBind()) {
                Optional<String> dir = configsDirOf(m.source());
                if (dir.isPresent()) {
                    return dir;
                }
            }
        }
        Object context = build instanceof Map<?, ?> b ? b.get("context") : build;
        if (context != null) {
            Optional<String> dir = configsDirOf(ComposeYaml.scalar(context));
            if (dir.isPresent()) {
                return dir;
            }
        }
        return Files.isDirectory(projectDir.resolve("configs").resolve(service))
                ? Optional.of("configs/" + service)
                : Optional.empty();
    }

    private Optional<String> configsDirOf(String source) {
        Path p;
        try {
            p = Path.of(source).normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (p.isAbsolute()) {
            if (!p.startsWith(projectDir)) {
                return Optional.empty();
            }
            p = projectDir.relativize(p);
        }
        if (p.getNameCount() >= 2 && p.getName(0).toString().equals("configs")) {
            return Optional.of("configs/" + p.getName(1));
        }
        return Optional.empty();
    }

    private List<String> initScripts(String configDir) {
        Path scripts = projectDir.resolve(configDir).resolve("scripts");
        if (!Files.isDirectory(scripts)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(scripts)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> projectDir.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new EnvironmentException(scripts, "cannot list init scripts: " + e.getMessage(), e);
        }
    }

    private Optional<String> tlsFlag(String service, Map<String, String> environment, Optional<String> configDir) {
        Optional<String> fromEnvironment = environment.keySet().stream()
                .filter(k -> k.endsWith(TLS_SUFFIX))
                .findFirst();
        if (fromEnvironment.isPresent()) {
            return fromEnvironment;
        }
        List<String> candidates = new ArrayList<>();
        configDir.ifPresent(dir -> candidates.add(flagName(dir.substring("configs/".length()))));
        candidates.add(flagName(service));
        return candidates.stream().filter(dotenv::containsKey).findFirst();
    }

    private static String flagName(String base) {
        return base.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + TLS_SUFFIX;
    }
}

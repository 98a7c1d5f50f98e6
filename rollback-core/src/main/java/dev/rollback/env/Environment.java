package dev.rollback.env;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where everything of one environment is: project directory, compose project and files, {@code .env}, Vault key
 * directory, backup root, and the service catalog.
 *
 * <p>{@code Environment env = Environment.load(Path.of(System.getProperty("user.home"), "devstack-core"));}
 *
 * <p>Built once from the compose file(s), {@code .env} and the optional {@code rollback.yaml}; immutable. Nothing
 * here contacts Docker or any service.
 */
public final class Environment {
    private final Path projectDir;
    private final String projectName;
    private final List<Path> composeFiles;
    private final Path envFile;
    private final Path vaultKeyDir;
    private final Path backupRoot;
    private final Target target;
    private final Set<String> activeProfiles;
    private final RollbackConfig config;
    private final ServiceCatalog catalog;
    private final Map<String, String> variables;
    private Builder origin;

    Environment(
            Path projectDir,
            String projectName,
            List<Path> composeFiles,
            Path envFile,
            Path vaultKeyDir,
            Path backupRoot,
            Target target,
            Set<String> activeProfiles,
            RollbackConfig config,
            ServiceCatalog catalog,
            Map<String, String> variables) {
        this.projectDir = projectDir;
        this.projectName = projectName;
        this.composeFiles = List.copyOf(composeFiles);
        this.envFile = envFile;
        this.vaultKeyDir = vaultKeyDir;
        this.backupRoot = backupRoot;
        this.target = target;
        this.activeProfiles = activeProfiles;
        this.config = config;
        this.catalog = catalog;
        this.variables = variables;
    }

    /** Loads with the defaults: compose file found as compose does, {@code .env}, optional {@code rollback.yaml}. */
    public static Environment load(Path projectDir) {
        return custom(projectDir).build();
    }

    /**
     * A builder for non-default locations.
     *
     * <p>{@code Environment.custom(dir).withProcessEnvironment(Map.of("HOME", home)).withTarget(Target.LOCAL).build()}
     */
    public static Builder custom(Path projectDir) {
        return new Builder(Objects.requireNonNull(projectDir, "projectDir"));
    }

    public Path projectDir() {
        return projectDir;
    }

    /** The compose project name, as compose derives it. */
    public String projectName() {
        return projectName;
    }

    /** The compose files in the order compose merges them; empty for a local target described by rollback.yaml only. */
    public List<Path> composeFiles() {
        return composeFiles;
    }

    /** The {@code .env} file (it may not exist). */
    public Path envFile() {
        return envFile;
    }

    /** The Vault key directory (default {@code ~/.config/vault}). */
    public Path vaultKeyDir() {
        return vaultKeyDir;
    }

    /** Where backup sets live (default {@code <project>/backups}). */
    public Path backupRoot() {
        return backupRoot;
    }

    /** The tool's own state: {@code <project>/.rollback} (runs, lock, overrides). */
    public Path stateDir() {
        return projectDir.resolve(".rollback");
    }

    public Target target() {
        return target;
    }

    /** Profiles considered active ({@code COMPOSE_PROFILES}, {@code rollback.yaml}); empty means none named. */
    public Set<String> activeProfiles() {
        return activeProfiles;
    }

    public RollbackConfig config() {
        return config;
    }

    public ServiceCatalog catalog() {
        return catalog;
    }

    /** The variables interpolation used: the process environment over {@code .env}. */
    /**
     * This environment read again from disk with the same options: what a rollback sees once it has put back
     * {@code .env}, the compose files or the key directory.
     *
     * <p>{@code Environment now = env.reload();}
     */
    public Environment reload() {
        return origin != null ? origin.build() : this;
    }

    Environment withOrigin(Builder b) {
        this.origin = b.copy();
        return this;
    }

    public Map<String, String> variables() {
        return variables;
    }

    @Override
    public String toString() {
        return "Environment[" + projectName + " at " + projectDir + ", "
                + catalog.services().size() + " services, " + target + "]";
    }

    /** Non-default locations; every {@code withX} is optional. */
    public static final class Builder {
        final Path projectDir;
        List<Path> composeFiles;
        Path envFile;
        Path vaultKeyDir;
        Path backupRoot;
        Target target;
        String projectName;
        Map<String, String> processEnvironment;
        List<String> activeProfiles;
        String composeRevision;

        private Builder(Path projectDir) {
            this.projectDir = projectDir;
        }

        /** The compose files, in merge order (relative paths are relative to the project directory). */
        public Builder withComposeFiles(List<Path> files) {
            this.composeFiles = List.copyOf(files);
            return this;
        }

        public Builder withEnvFile(Path file) {
            this.envFile = Objects.requireNonNull(file, "file");
            return this;
        }

        public Builder withVaultKeyDir(Path dir) {
            this.vaultKeyDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        public Builder withBackupRoot(Path dir) {
            this.backupRoot = Objects.requireNonNull(dir, "dir");
            return this;
        }

        public Builder withTarget(Target target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        public Builder withProjectName(String name) {
            this.projectName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The process environment to interpolate with (default {@link System#getenv()}); tests pass their own. */
        public Builder withProcessEnvironment(Map<String, String> variables) {
            this.processEnvironment = Map.copyOf(variables);
            return this;
        }

        /**
         * The profiles to consider active, over {@code COMPOSE_PROFILES} and {@code rollback.yaml} (a CLI's
         * {@code --profile}).
         *
         * <p>{@code Environment.custom(dir).withActiveProfiles(List.of("standard")).build()}
         */
        public Builder withActiveProfiles(Collection<String> profiles) {
            this.activeProfiles = List.copyOf(profiles);
            return this;
        }

        /**
         * Reads the compose files as they are in this git revision of the project instead of the work tree (the
         * same names, relative to the project directory): a full rollback whose today's compose file does not load
         * plans with the one it goes back to.
         *
         * <p>{@code Environment.custom(dir).withComposeAt("9bef892").build()}
         */
        public Builder withComposeAt(String revision) {
            this.composeRevision = Objects.requireNonNull(revision, "revision");
            return this;
        }

        /**
         * Reads everything and validates it at once.
         *
         * @throws dev.rollback.errors.EnvironmentException naming the file (and line or field) that is missing or wrong
         */
        public Environment build() {
            return EnvironmentLoader.load(this).withOrigin(this);
        }

        Builder copy() {
            Builder b = new Builder(projectDir);
            b.composeFiles = composeFiles;
            b.envFile = envFile;
            b.vaultKeyDir = vaultKeyDir;
            b.backupRoot = backupRoot;
            b.target = target;
            b.projectName = projectName;
            b.processEnvironment = processEnvironment;
            b.activeProfiles = activeProfiles;
            b.composeRevision = composeRevision;
            return b;
        }
    }
}

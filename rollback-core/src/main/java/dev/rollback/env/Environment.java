package dev.rollback.env;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where everything of one environment is: project directory, compose project and files, {@code .env}, Vault key
 * directory, backup root, and the service catalog.
 *
 * <p>{@code Environment env = Environment.load(Path.of(System.getProperty("user.home"), "devstack-core"));}
 */
public final class Environment {
    // CONTRACT STUB: implemented by the env-package work.

    /** Loads with the defaults: compose file found as compose does, {@code .env}, optional {@code rollback.yaml}. */
    public static Environment load(Path projectDir) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** A builder for non-default locations. */
    public static Builder custom(Path projectDir) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Path projectDir() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The compose project name, as compose derives it. */
    public String projectName() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public List<Path> composeFiles() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The {@code .env} file (it may not exist). */
    public Path envFile() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The Vault key directory (default {@code ~/.config/vault}). */
    public Path vaultKeyDir() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Where backup sets live (default {@code <project>/backups}). */
    public Path backupRoot() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The tool's own state: {@code <project>/.rollback} (runs, lock, overrides). */
    public Path stateDir() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Target target() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Profiles considered active ({@code COMPOSE_PROFILES}, {@code rollback.yaml}); empty means none named. */
    public Set<String> activeProfiles() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public RollbackConfig config() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public ServiceCatalog catalog() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The variables interpolation used: the process environment over {@code .env}. */
    public Map<String, String> variables() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Non-default locations; every {@code withX} is optional. */
    public static final class Builder {
        public Builder withComposeFiles(List<Path> files) {
            throw new UnsupportedOperationException("not implemented yet");
        }

        public Builder withEnvFile(Path file) {
            throw new UnsupportedOperationException("not implemented yet");
        }

        public Builder withVaultKeyDir(Path dir) {
            throw new UnsupportedOperationException("not implemented yet");
        }

        public Builder withBackupRoot(Path dir) {
            throw new UnsupportedOperationException("not implemented yet");
        }

        public Builder withTarget(Target target) {
            throw new UnsupportedOperationException("not implemented yet");
        }

        public Builder withProjectName(String name) {
            throw new UnsupportedOperationException("not implemented yet");
        }

        /** The process environment to interpolate with (default {@link System#getenv()}); tests pass their own. */
        public Builder withProcessEnvironment(Map<String, String> variables) {
            throw new UnsupportedOperationException("not implemented yet");
        }

        public Environment build() {
            throw new UnsupportedOperationException("not implemented yet");
        }
    }
}

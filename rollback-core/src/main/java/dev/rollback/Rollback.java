package dev.rollback;

import dev.rollback.env.Environment;
import java.nio.file.Path;

/**
 * The entry point: pick an environment, then a scope, chain the domain verbs, end with {@code plan()} or
 * {@code execute()}. ({@code in(..)} returns an {@link EnvironmentRollback}: Java allows no static and instance
 * method of the same signature, and {@code Rollback.service(name)} is the static short form.)
 *
 * <p>{@code Rollback.in(home).config().set("MYSQL_ENABLE_TLS", "false").execute();}
 * <br>{@code Rollback.in(home).full().toCommit("9bef892").restoringEnvFrom(envBackup).plan();}
 */
public final class Rollback {
    /** Environment variable naming the environment's directory when none is given. */
    public static final String HOME_VARIABLE = "ROLLBACK_HOME";

    private Rollback() {}

    /** The environment in {@code projectDir}, loaded with its defaults (compose file, .env, rollback.yaml). */
    public static EnvironmentRollback in(Path projectDir) {
        return new EnvironmentRollback(Environment.load(projectDir));
    }

    /** An environment built elsewhere ({@code Environment.custom(dir)...build()}). */
    public static EnvironmentRollback in(Environment environment) {
        return new EnvironmentRollback(environment);
    }

    /** {@code Rollback.in(home()).service(name)}: the environment from {@code ROLLBACK_HOME} or the working dir. */
    public static ServiceRollback service(String name) {
        return in(home()).service(name);
    }

    /** {@code ROLLBACK_HOME} (or the system property {@code rollback.home}), else the working directory. */
    public static Path home() {
        String prop = System.getProperty("rollback.home");
        String env = System.getenv(HOME_VARIABLE);
        String dir = prop != null && !prop.isBlank() ? prop : env != null && !env.isBlank() ? env : ".";
        return Path.of(dir).toAbsolutePath().normalize();
    }
}

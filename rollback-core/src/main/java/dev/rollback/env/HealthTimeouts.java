package dev.rollback.env;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a restarted service may take to become healthy: {@code services.<name>.health_timeout} of
 * {@code rollback.yaml}, else 90 s for MySQL (InnoDB's start, the runbook's 50-60 s measurement with room) and 30 s
 * for the others.
 *
 * <p>{@code Duration wait = HealthTimeouts.of(env, env.catalog().require("mysql")); // 90 s}
 */
public final class HealthTimeouts {
    /** MySQL's default: InnoDB takes 50-60 s to start (the runbook's measurement). */
    public static final Duration MYSQL = Duration.ofSeconds(90);
    /** Every other engine's default. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private HealthTimeouts() {}

    /** The configured wait, else the engine's default. */
    public static Duration of(Environment env, ServiceDefinition s) {
        return configured(env, s).orElse(s.kind() == ServiceKind.MYSQL ? MYSQL : DEFAULT);
    }

    /** {@code services.<name>.health_timeout} of rollback.yaml, when set. */
    public static Optional<Duration> configured(Environment env, ServiceDefinition s) {
        return Optional.ofNullable(env.config().services().get(s.name())).flatMap(ServiceOverride::healthTimeout);
    }
}

package dev.rollback.env;

/**
 * Where an environment's services run.
 *
 * <p>{@code Environment.custom(dir).withTarget(Target.LOCAL).build()}
 */
public enum Target {
    /** A compose project on a Docker engine (local socket or {@code DOCKER_HOST}). */
    DOCKER,
    /** Services as processes on this host, reached by host and port; no Docker needed. */
    LOCAL
}

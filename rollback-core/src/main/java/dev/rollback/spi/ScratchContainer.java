package dev.rollback.spi;

import java.util.Optional;

/**
 * A running throwaway container started by {@link ContainerRuntime#startScratch}: restore drills restore a dump into
 * it instead of the live service. {@link #close()} removes it with its anonymous volumes, whatever state it is in.
 *
 * <p>{@code try (ScratchContainer s = runtime.startScratch(spec)) { int port = s.publishedPort(5432).orElseThrow(); }}
 */
public interface ScratchContainer extends AutoCloseable {

    /** The container id. */
    String id();

    /** For messages: its name and image ({@code rollback-scratch-3f2a1c of local/postgres:15}). */
    String describe();

    /** The loopback port of this host that {@code containerPort} is published on, or empty when it is not. */
    Optional<Integer> publishedPort(int containerPort);

    /** Runs a command in it, as {@link ContainerRuntime#exec} does in a service's container. */
    ExecResult exec(ExecRequest request);

    /** Whether it is still running (a scratch whose entrypoint failed has exited). */
    boolean running();

    /** The last lines of its output, for messages when it does not become ready. */
    String logTail(int lines);

    /** Removes it (force) with its anonymous volumes; idempotent. */
    @Override
    void close();
}

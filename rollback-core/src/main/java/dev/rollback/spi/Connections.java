package dev.rollback.spi;

import dev.rollback.env.Environment;
import dev.rollback.io.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one owner of an environment's connections: the container engine and the secret store (Vault), each opened at
 * its first use within one timeout, and closed once by {@link #close()}. A builder or a backup without one makes its
 * own and closes it with its plan; an application running several operations passes the same one to each
 * ({@code withConnections(c)}) and closes it itself, so it connects once.
 *
 * <p>{@code try (Connections c = Connections.to(env)) { Rollback.in(env).service("mysql").restartingServices().withConnections(c).execute(); }}
 */
public final class Connections implements AutoCloseable {
    /** How long the engine and the secret store may take to answer, unless given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private final Environment environment;
    private final Duration timeout;
    // the engine and the store open on their own locks: a caller may open one on another thread meanwhile
    private final Object engineLock = new Object();
    private final Object secretsLock = new Object();
    private Optional<ContainerRuntime> engine;
    private Optional<SecretStore> secrets;
    private Optional<SecretStore> secretsAtFirstUse;
    private volatile boolean closed;

    private Connections(Environment environment, Duration timeout) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.timeout = Durations.requirePositive(timeout, "the connection timeout");
    }

    /** The connections of {@code environment}, each given {@link #DEFAULT_TIMEOUT} to answer. */
    public static Connections to(Environment environment) {
        return to(environment, DEFAULT_TIMEOUT);
    }

    /** The connections of {@code environment}, each given {@code timeout} to answer. */
    public static Connections to(Environment environment, Duration timeout) {
        return new Connections(environment, timeout);
    }

    /** The environment these connections reach the engine and the secret store of. */
    public Environment environment() {
        return environment;
    }

    /** How long the engine and the secret store may each take to answer. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The container engine ({@link ContainerRuntimes#connect}), connected at the first call; empty when no provider
     * is on the class path or none answers, and then not asked again by these connections.
     */
    public Optional<ContainerRuntime> engine() {
        synchronized (engineLock) {
            requireOpen();
            if (engine == null) {
                engine = ContainerRuntimes.connect(environment, timeout);
            }
            return engine;
        }
    }

    /** The engine when it also archives and restores volumes. */
    public Optional<VolumeStore> volumes() {
        return engine().filter(VolumeStore.class::isInstance).map(VolumeStore.class::cast);
    }

    /**
     * The secret store ({@link SecretStores#open}), opened at the first call; empty when no provider is on the class
     * path or none answers, and then not asked again.
     */
    public Optional<SecretStore> secrets() {
        synchronized (secretsLock) {
            requireOpen();
            if (secrets == null) {
                secrets = SecretStores.open(environment, timeout);
            }
            return secrets;
        }
    }

    /**
     * The secret store opened at its own first read ({@link SecretStores#lazy}), on the environment as it is on disk
     * then: for a plan that puts back {@code .env} and the Vault keys before any step reads a secret.
     */
    public Optional<SecretStore> secretsAtFirstUse() {
        synchronized (secretsLock) {
            requireOpen();
            if (secretsAtFirstUse == null) {
                secretsAtFirstUse = SecretStores.lazy(environment, timeout);
            }
            return secretsAtFirstUse;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the connections of " + environment.projectName() + " are closed: open "
                    + "new ones with Connections.to(env)");
        }
    }

    /** Closes what was opened; later calls do nothing, and asking for a connection afterwards is refused. */
    @Override
    public void close() {
        synchronized (engineLock) {
            synchronized (secretsLock) {
                if (closed) {
                    return;
                }
                closed = true;
                close(engine);
                close(secrets);
                close(secretsAtFirstUse);
            }
        }
    }

    private static void close(Optional<? extends AutoCloseable> opened) {
        if (opened == null || opened.isEmpty()) {
            return;
        }
        try {
            opened.get().close();
        } catch (Exception e) {
            // closing a connection that already failed must not hide the outcome of what used it
        }
    }
}

package dev.rollback;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackListener;
import dev.rollback.events.RollbackResult;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.spi.Connections;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What every scope's builder shares: settings, the connections, and the two verbs that end a chain. A builder is
 * single-use, like a JGit command: it plans once ({@link #plan()} or {@link #execute()}); start a new one from
 * {@link Rollback#in} for another plan.
 *
 * <p>{@code builder.withListener(events::add).plan().render()}
 *
 * @param <B> the concrete builder, so chained calls keep their type
 */
public abstract class RollbackBuilder<B extends RollbackBuilder<B>> {
    protected final Environment environment;
    protected RunSettings settings = RunSettings.ofDefaults();
    private Connections connections;
    private boolean planned;

    protected RollbackBuilder(Environment environment) {
        this.environment = environment;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Receives the run's events (several calls add listeners). */
    public B withListener(RollbackListener listener) {
        settings = settings.withListener(
                settings.listener() == RollbackListener.NONE
                        ? listener
                        : settings.listener().andThen(listener));
        return self();
    }

    /** The clock durations are measured with. */
    public B withClock(Clock clock) {
        settings = settings.withClock(clock);
        return self();
    }

    /** A service steps may use (a container runtime, a secret store), instead of the one found on the class path. */
    public <T> B withService(Class<T> type, T service) {
        settings = settings.withService(type, service);
        return self();
    }

    /**
     * The engine and Vault connections the plan uses, shared and left open: their owner closes them (default: the
     * builder's own, opened at first use and closed with the plan).
     */
    public B withConnections(Connections connections) {
        Objects.requireNonNull(connections, "connections");
        if (!connections.environment().projectDir().equals(environment.projectDir())) {
            throw new IllegalArgumentException("the connections are those of "
                    + connections.environment().projectDir() + ", not of " + environment.projectDir());
        }
        this.connections = connections;
        return self();
    }

    /**
     * The steps this rollback would run; changes nothing. Once per builder: a second {@code plan()} or
     * {@code execute()} is refused with an {@link IllegalStateException}.
     */
    public final RollbackPlan plan() {
        if (planned) {
            throw new IllegalStateException("this " + getClass().getSimpleName() + " was already planned: a builder "
                    + "plans once (plan() or execute()); build a new one from Rollback.in(..) for another plan");
        }
        planned = true;
        Connections own = connections == null ? Connections.to(environment) : null;
        try {
            RollbackPlan plan = build(own != null ? own : connections);
            return own == null ? plan : plan.closing(own);
        } catch (RuntimeException | Error e) {
            if (own != null) {
                own.close();
            }
            throw e;
        }
    }

    /** The plan, with these connections for what its steps need of the engine and the secret store. */
    protected abstract RollbackPlan build(Connections connections);

    /**
     * A query before any plan ({@code affectedServices()}): on the connections given, else on short-lived ones of
     * its own, closed after it.
     */
    <T> T query(Function<Connections, T> query) {
        if (connections != null) {
            return query.apply(connections);
        }
        try (Connections own = Connections.to(environment)) {
            return query.apply(own);
        }
    }

    /** Plans, preflights and runs; throws {@link RollbackException} (a subclass saying what) on failure. */
    public RollbackResult execute() {
        try (RollbackPlan plan = plan()) {
            return plan.execute();
        }
    }

    /** The services whose containers run now (they count whatever the active profiles say); none without an engine. */
    protected Set<String> runningServices(Connections connections) {
        return settings.service(ContainerRuntime.class)
                .or(connections::engine)
                .map(rt -> rt.list(environment).stream()
                        .filter(c -> "running".equals(c.state()))
                        .map(ContainerStatus::service)
                        .collect(Collectors.toSet()))
                .orElse(Set.of());
    }
}

package dev.rollback;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackListener;
import dev.rollback.events.RollbackResult;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import java.time.Clock;

/**
 * What every scope's builder shares: settings, and the two verbs that end a chain.
 *
 * <p>{@code builder.withListener(events::add).plan().render()}
 *
 * @param <B> the concrete builder, so chained calls keep their type
 */
public abstract class RollbackBuilder<B extends RollbackBuilder<B>> {
    protected final Environment environment;
    protected RunSettings settings = RunSettings.ofDefaults();

    protected RollbackBuilder(Environment environment) {
        this.environment = environment;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Receives the run's events (several calls add listeners). */
    public B withListener(RollbackListener listener) {
        settings = settings.withListener(settings.listener() == RollbackListener.NONE ? listener
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

    /** The steps this rollback would run; changes nothing. */
    public abstract RollbackPlan plan();

    /** Plans, preflights and runs; throws {@link RollbackException} (a subclass saying what) on failure. */
    public RollbackResult execute() {
        try (RollbackPlan plan = plan()) {
            return plan.execute();
        }
    }
}

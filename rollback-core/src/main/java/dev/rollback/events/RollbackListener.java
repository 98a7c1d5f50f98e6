package dev.rollback.events;

/**
 * Receives the events of a run, in order, on the thread that runs the plan.
 *
 * <p>{@code Rollback.in(home).config().set("MYSQL_ENABLE_TLS", "false").withListener(events::add).execute();}
 */
@FunctionalInterface
public interface RollbackListener {

    /** A listener that ignores everything. */
    RollbackListener NONE = e -> {};

    void on(RollbackEvent event);

    /** Both this listener and {@code other}, in that order. */
    default RollbackListener andThen(RollbackListener other) {
        return e -> {
            on(e);
            other.on(e);
        };
    }
}

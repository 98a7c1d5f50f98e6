package dev.rollback.databases.backup;

import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * After a restart: a database's target once its server answers its health check with the login. A container's
 * health check can pass before the server takes connections (RabbitMQ's {@code rabbitmq-diagnostics ping} answers
 * before the AMQP listener starts), so the server itself is asked, every 250 ms, for up to {@value #SECONDS} s; then
 * the last answer is the error.
 *
 * <p>{@code DatabaseTarget t = Readiness.await("rabbitmq", () -> targets.target(unit), adapter, ctx::note, ctx.clock(),
 * ctx.sleeper());}
 */
final class Readiness {
    /** How long a restarted database may take to take connections after its container says it is healthy. */
    static final int SECONDS = 60;

    private static final Duration POLL = Duration.ofMillis(250);

    private Readiness() {}

    static DatabaseTarget await(
            String service,
            Supplier<DatabaseTarget> target,
            DatabaseAdapter adapter,
            Consumer<String> note,
            Clock clock,
            Sleeper sleeper) {
        Instant deadline = clock.instant().plusSeconds(SECONDS);
        int tries = 0;
        while (true) {
            tries++;
            try {
                DatabaseTarget t = target.get();
                adapter.health(t);
                if (tries > 1) {
                    note.accept(service + " took connections after " + tries + " tries");
                }
                return t;
            } catch (RollbackException e) {
                if (clock.instant().isAfter(deadline)) {
                    throw new RollbackException(
                            e.getMessage() + " (still so after " + SECONDS + " s of waiting for "
                                    + "it to take connections after the restart)",
                            e);
                }
                sleeper.pause(POLL, "interrupted while waiting for " + service);
            }
        }
    }
}

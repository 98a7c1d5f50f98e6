package dev.rollback.databases.spi;

import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the {@link DatabaseAdapter} for a kind of service among those on the class path.
 *
 * <p>{@code DatabaseAdapter mysql = DatabaseAdapters.require(ServiceKind.MYSQL);}
 */
public final class DatabaseAdapters {
    private DatabaseAdapters() {}

    /** The first adapter that serves {@code kind}, or empty. */
    public static Optional<DatabaseAdapter> forKind(ServiceKind kind) {
        for (DatabaseAdapter a : ServiceLoader.load(DatabaseAdapter.class)) {
            if (a.kinds().contains(kind)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The adapter for {@code kind}; fails with a message saying which module to add when there is none. */
    public static DatabaseAdapter require(ServiceKind kind) {
        return forKind(kind)
                .orElseThrow(
                        () -> new RollbackException(
                                "no database adapter for " + kind
                                        + " services on the class path; add the rollback-databases module (dev.rollback:rollback-databases)"));
    }
}

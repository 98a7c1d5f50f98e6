package dev.rollback.spi;

import dev.rollback.errors.RollbackException;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The data snapshots every provider on the class path can take.
 *
 * <p>{@code try (DataSnapshot pg = DataSnapshots.take(ctx, "postgres")) { ...; pg.reset(); }}
 */
public final class DataSnapshots {
    private DataSnapshots() {}

    /** A snapshot of {@code service}'s data from the first provider that knows its engine. */
    public static DataSnapshot take(BackupContext ctx, String service) {
        for (DataSnapshotProvider p : ServiceLoader.load(DataSnapshotProvider.class)) {
            Optional<DataSnapshot> s = p.snapshot(ctx, service);
            if (s.isPresent()) {
                return s.get();
            }
        }
        String kind = ctx.environment()
                .catalog()
                .find(service)
                .map(d -> d.kind().name().toLowerCase(Locale.ROOT))
                .orElse("not a service of " + ctx.environment().projectName());
        throw new RollbackException("no fast reset for " + service + " (" + kind + "): the fast resets cover"
                + " PostgreSQL, MySQL/MariaDB and Redis, with rollback-databases on the class path; leave " + service
                + " out of the services to reset");
    }
}

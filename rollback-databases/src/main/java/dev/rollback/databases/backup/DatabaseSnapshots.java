package dev.rollback.databases.backup;

import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.env.Environment;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.DataSnapshot;
import dev.rollback.spi.DataSnapshotProvider;
import java.util.Optional;

/**
 * The fast resets of the environment's databases: the service's unit (a Redis node: its whole cluster) as the
 * backups find it, logged in to with the credentials the environment uses, snapshot by its engine's adapter. Listed
 * in {@code META-INF/services/dev.rollback.spi.DataSnapshotProvider}.
 *
 * <p>{@code DataSnapshots.take(ctx, "postgres") // a template database per database of the server}
 */
public final class DatabaseSnapshots implements DataSnapshotProvider {
    @Override
    public Optional<DataSnapshot> snapshot(BackupContext ctx, String service) {
        Environment env = ctx.environment();
        Optional<DatabaseUnit> unit = new EnvironmentTargets(env, Optional.empty(), Optional.empty())
                .units().stream().filter(u -> u.covers(service)).findFirst();
        if (unit.isEmpty() || DatabaseAdapters.forKind(unit.get().kind()).isEmpty()) {
            return Optional.empty();
        }
        DatabaseTarget target = EnvironmentTargets.of(ctx).target(unit.get());
        return Optional.of(DatabaseAdapters.require(unit.get().kind()).snapshot(target));
    }
}

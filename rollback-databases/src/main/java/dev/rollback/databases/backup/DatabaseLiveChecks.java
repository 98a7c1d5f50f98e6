package dev.rollback.databases.backup;

import dev.rollback.databases.redis.RedisAdapter;
import dev.rollback.databases.redis.RedisClusterState;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseHealth;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.LiveCheck;
import dev.rollback.spi.LiveCheckProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The runbook's "accepting connections" and "Redis cluster operational", for validations: every database of the
 * active profiles logs in with the credentials the environment uses (from Vault, else {@code .env}) and answers a
 * trivial query ({@code db.<service>.connect}); a Redis cluster reports {@code cluster_state:ok} with all 16384
 * slots served on every node ({@code db.<first node>.cluster}). Listed in
 * {@code META-INF/services/dev.rollback.spi.LiveCheckProvider}.
 *
 * <p>{@code LiveChecks.of(env) // db.postgres.connect, db.mysql.connect, ..., db.redis-1.cluster}
 */
public final class DatabaseLiveChecks implements LiveCheckProvider {

    @Override
    public List<LiveCheck> checks(Environment env) {
        List<LiveCheck> out = new ArrayList<>();
        for (DatabaseUnit unit : new EnvironmentTargets(env, Optional.empty(), Optional.empty()).units()) {
            String name = unit.kind().name().toLowerCase(Locale.ROOT);
            out.add(new LiveCheck(
                    "db." + unit.service() + ".connect",
                    unit.service() + " accepting connections (" + name + ")",
                    unit.members(),
                    "read why it refuses (docker compose logs " + unit.service() + "); check the login in Vault"
                            + " (secret/" + unit.service() + ") or .env; restart or roll it back (rollback service "
                            + unit.service() + ")",
                    ctx -> connect(ctx, unit)));
            if (unit.kind() == ServiceKind.REDIS && unit.members().size() > 1) {
                out.add(new LiveCheck(
                        "db." + unit.service() + ".cluster",
                        "Redis cluster operational (cluster_state:ok, every slot served)",
                        unit.members(),
                        "see the runbook's Redis cluster procedure: rollback full --from-backup <set> --volumes"
                                + " restores the nodes and re-forms the cluster",
                        ctx -> cluster(ctx, unit)));
            }
        }
        return out;
    }

    private static LiveCheck.Result connect(BackupContext ctx, DatabaseUnit unit) {
        DatabaseTarget target = EnvironmentTargets.of(ctx).target(unit);
        DatabaseHealth h = DatabaseAdapters.require(unit.kind()).health(target);
        return LiveCheck.Result.holds("logged in and queried in " + h.latency().toMillis() + " ms"
                + (h.serverVersion().isEmpty() ? "" : " (" + h.serverVersion() + ")"));
    }

    private static LiveCheck.Result cluster(BackupContext ctx, DatabaseUnit unit) {
        DatabaseTarget target = EnvironmentTargets.of(ctx).target(unit);
        RedisClusterState s = new RedisAdapter().clusterState(target);
        return new LiveCheck.Result(
                unit.members().size() + " nodes, "
                        + (s.ok() ? "cluster_state:ok, " + RedisClusterState.SLOTS + " slots served" : "not ok"),
                s.problems());
    }
}

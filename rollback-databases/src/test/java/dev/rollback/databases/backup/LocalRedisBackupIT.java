package dev.rollback.databases.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.testing.Component;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresRedis;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * The local target against the host's Redis, scoped to this test's own key prefix: keys dumped into a real backup
 * set, drilled in a scratch redis-server this host starts, restored by the plan step.
 */
@RequiresRedis
class LocalRedisBackupIT {
    private static final DatabaseAdapter REDIS = DatabaseAdapters.require(ServiceKind.REDIS);
    private final String prefix = "rb-bk:" + UUID.randomUUID() + ":";
    private final DatabaseBackupContributor contributor =
            new DatabaseBackupContributor().withScopes(Map.of("cache", List.of(prefix + "*")));
    private Environment env;
    private BackupContext ctx;
    private DatabaseTarget live;
    private Jedis redis;

    @TempDir
    Path tmp;

    @BeforeEach
    void seed() {
        InetSocketAddress a = HostServices.address(Component.REDIS);
        env = LocalProject.create(tmp.resolve("project"), """
              cache:
                image: local/redis:7
                command: ["redis-server", "--appendonly", "yes"]
            """, Map.of("cache", a.getHostString() + ":" + a.getPort()));
        ctx = new BackupContext(env, Optional.empty(), Optional.empty(), Optional.empty(), List.of("cache"));
        live = LocalProject.liveTarget(ctx, "cache", List.of(prefix + "*"));
        redis = new Jedis(
                new HostAndPort(a.getHostString(), a.getPort()),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build());
        for (int i = 0; i < 2000; i++) {
            redis.set(prefix + "s:" + i, "value-" + i);
        }
        redis.set(prefix + "unicode", "Grüße, Ωmega, 日本語, 🚀");
        redis.hset(prefix + "hash", Map.of("a", "1", "b", "ünï"));
        redis.rpush(prefix + "list", "z", "y", "x");
        redis.sadd(prefix + "set", "m1", "m2");
        redis.zadd(prefix + "zset", Map.of("low", 1.5, "high", 99.0));
        redis.set(prefix + "ttl", "expires", SetParams.setParams().px(600_000));
    }

    @AfterEach
    void deleteOwnKeys() {
        for (String k : redis.keys(prefix + "*")) {
            redis.del(k);
        }
        redis.close();
    }

    @Test
    void drillRestoresIntoAScratchRedisAndPassesWhileTheRestoreStepPutsDestroyedKeysBack() {
        Fingerprint before = REDIS.fingerprint(live);
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "s1", contributor.sources(ctx));
        BackupManifest.Artifact a = DumpSets.artifact(set, "cache");
        assertThat(a.fingerprint())
                .containsEntry("format", "rollback-redis-v1")
                .containsEntry(
                        "fingerprint.keys " + prefix + "*",
                        before.parts().get("keys " + prefix + "*").toString());

        DrillOutcome o = contributor.drill(ctx, DumpSets.info(a), DumpSets.content(set, a));
        System.out.printf("[figure] local-target redis drill: %s%n", o.detail());

        assertThat(o.passed()).as(o.detail()).isTrue();
        assertThat(o.detail()).contains("scratch Redis server").contains("1 part, 2006 rows");
        assertThat(REDIS.fingerprint(live)).isEqualTo(before);

        redis.del(prefix + "hash", prefix + "s:7");
        redis.set(prefix + "unicode", "changed");
        redis.set(prefix + "extra", "not in the backup");
        Step step = contributor
                .restoreStep(ctx, DumpSets.info(a), DumpSets.content(set, a))
                .orElseThrow();
        StepContext sc = DumpSets.stepContext(env, tmp.resolve("run"), Map.of());
        assertThat(step.preflight(sc)).isEmpty();
        step.execute(sc);

        assertThat(REDIS.fingerprint(live)).isEqualTo(before);
        assertThat(redis.exists(prefix + "extra")).isFalse();
        assertThat(redis.pttl(prefix + "ttl")).isBetween(1L, 600_000L);
    }

    @Test
    void drillFailsWhenTheDumpHoldsOtherKeysThanRecorded() {
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "s1", contributor.sources(ctx));
        BackupManifest.Artifact a = DumpSets.artifact(set, "cache");

        DrillOutcome o = contributor.drill(
                ctx,
                DumpSets.withEntry(DumpSets.info(a), "fingerprint.keys " + prefix + "*", "2008:" + "f".repeat(64)),
                DumpSets.content(set, a));

        assertThat(o.passed()).isFalse();
        assertThat(o.detail()).contains("keys " + prefix + "*: row count differs (recorded 2008, restored 2006)");
    }
}
